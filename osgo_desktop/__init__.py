"""OSGO Desktop core: rules, storage, services, reports and the CLI (no Qt)."""

__version__ = "0.1.0"
