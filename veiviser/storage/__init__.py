"""What Veiviser keeps: feedback on answers, without personal data. SQLite by default, PostgreSQL by URL."""

from veiviser.storage.feedback import FEEDBACK_REASONS, FeedbackStore

__all__ = ["FEEDBACK_REASONS", "FeedbackStore"]
