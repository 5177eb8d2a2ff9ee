"""Rasa SDK custom actions. The action server imports this package and registers every Action in it.

Every reply is rendered here from the gettext catalogs, in the language kept in the `language` slot.
"""
