"""Rasa SDK custom actions. The action server imports this package and registers every Action in it.

Every reply is rendered here from the gettext catalogs, in the language kept in the `language` slot.
"""

from veiviser.privacy import install_log_redaction

# Users type ID and phone numbers into the chat; nothing this process logs may carry them.
install_log_redaction()
