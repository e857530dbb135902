"""Where the app keeps its files: the user's data, log and document directories (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import PlatformDirs

_DIRS = PlatformDirs(appname="osgo-desktop", appauthor=False)

#: Overrides every directory below (tests, portable installs): the app keeps everything under it.
ENV_HOME = "OSGO_HOME"


def _base(kind: str, default: str) -> Path:
    home = os.environ.get(ENV_HOME)
    path = Path(home) / kind if home else Path(default)
    path.mkdir(mode=0o700, parents=True, exist_ok=True)  # created owner-only: it holds personal data
    return path


def data_dir() -> Path:
    return _base("data", _DIRS.user_data_dir)


def log_dir() -> Path:
    return _base("log", _DIRS.user_log_dir)


def documents_dir() -> Path:
    """Where generated PDFs are saved: ``~/Documents/OSGO`` when there is such a folder, else the data dir."""
    home = os.environ.get(ENV_HOME)
    if home:
        return _base("documents", "")
    documents = Path(_DIRS.user_documents_dir)
    return _base(
        "documents",
        str(documents / "OSGO" if documents.is_dir() else Path(_DIRS.user_data_dir) / "documents"),
    )


def config_dir() -> Path:
    return _base("config", _DIRS.user_config_dir)


def cache_dir() -> Path:
    """Things the app can remake at will (compiled translation catalogues)."""
    return _base("cache", _DIRS.user_cache_dir)
