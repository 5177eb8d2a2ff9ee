"""Alembic migrations of Veiviser's own tables (feedback, question statistics, editors' accounts and drafts).
Rasa's tracker tables are Rasa's; they are not here."""
