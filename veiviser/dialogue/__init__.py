"""Dialogue helpers the actions use and test without Rasa: handoff, requested language, status, feedback."""
