"""Use cases: one function per user action."""
