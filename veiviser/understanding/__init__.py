"""Understanding the person: what a message means beyond which article answers it (safety first).

    from veiviser.understanding import SafetyClassifier
"""

from veiviser.understanding.safety import NO_SIGNAL, SafetyAssessment, SafetyClassifier

__all__ = ["NO_SIGNAL", "SafetyAssessment", "SafetyClassifier"]
