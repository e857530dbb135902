"""The two kinds of error: a ``KnownError`` is expected (bad input, a rule broken) and carries a translated
message for the user; anything else is a bug, logged with its traceback."""

from __future__ import annotations


class KnownError(Exception):
    """An expected failure; ``str(error)`` is a translated sentence fit to show the user."""


class NotFoundError(KnownError):
    pass


class ValidationError(KnownError):
    """Form data that breaks a rule: ``errors`` maps a field name to its translated message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("\n".join(errors.values()))
        self.errors = errors
