"""Veiviser's shared core: knowledge files, language facts and retrieval.

Both the API (`api/`) and the Rasa action server (`actions/`) import from here, so the two always
answer from the same knowledge and the same ranking.
"""

__version__ = "0.1.0"
