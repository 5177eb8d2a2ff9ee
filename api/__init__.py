"""Veiviser's HTTP API (FastAPI): search, articles, chat through Rasa, health."""
