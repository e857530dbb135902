"""User preferences, each declared once with its type and default (domain data lives in the database)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from osgo_desktop import paths

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    type: type[T]
    default: T


LANGUAGE = Setting("ui/language", str, "ky")
WINDOW_GEOMETRY = Setting("ui/geometry", QByteArray, QByteArray())
WINDOW_STATE = Setting("ui/state", QByteArray, QByteArray())
COMPETITIONS_HEADER = Setting("ui/competitions_header", QByteArray, QByteArray())
#: the login last signed in with on this computer (the sign-in form starts at the password then)
LAST_LOGIN = Setting("accounts/last_login", str, "")
#: the largest document file accepted, in megabytes (a scan of a few pages is well under it)
DOCUMENT_MAX_MB = Setting("documents/max_mb", int, 25)
#: the last databases connected to (File » Connect to a database…), newest first, as a JSON list of URLs without
#: their passwords (a server's password is asked each time)
RECENT_CONNECTIONS = Setting("connections/recent", str, "[]")
#: the database this computer worked on last, as a URL without its password: a start without --db opens it again
#: (a workstation comes back on the meeting room's server); the demo never counts
LAST_DATABASE = Setting("connections/last", str, "")


class Settings:
    """A typed view of QSettings in an INI file under the app's config directory."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self._q = qsettings or QSettings(str(paths.config_dir() / "settings.ini"), QSettings.Format.IniFormat)

    def get(self, setting: Setting[T]) -> T:
        value: Any = self._q.value(setting.key, setting.default)
        if setting.type is bool and isinstance(value, str):  # INI files store booleans as text
            return value.lower() == "true"  # type: ignore[return-value]
        if not isinstance(value, setting.type):
            try:
                return setting.type(value)  # type: ignore[call-arg]
            except (TypeError, ValueError):
                return setting.default
        return value

    def set(self, setting: Setting[T], value: T) -> None:
        self._q.setValue(setting.key, value)

    def sync(self) -> None:
        self._q.sync()
