"""The web front: the full-page chat, the embeddable widget, and the strings both show."""
