"""Translations (gettext over Babel catalogues) and locale-aware dates for ky, ru and en.

The catalogues live as ``resources/locale/<lang>/LC_MESSAGES/osgo.po``. The first time a language is used its
catalogue is compiled and the result kept in the user's cache directory under the size and CRC of the ``.po``
file, so there is no generated ``.mo`` file in the source to keep in step, and a later start just loads the
compiled one.

Two ways to translate:

* ``_("text")`` — the user's current language (the UI and the CLI), changed with :func:`set_language`;
* ``Translator(lang).gettext("text")`` — an explicit language, for documents printed in Kyrgyz or Russian
  whatever the UI shows.

``N_("text")`` only marks a constant for extraction; translate it where it is shown.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
import io
import os
import threading
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from typing import Final

from osgo_desktop import paths

DOMAIN: Final = "osgo"
LANGUAGES: Final = ("ky", "ru", "en")
DEFAULT_LANGUAGE: Final = "ky"
#: Languages that protocols are printed in (the official ones).
DOCUMENT_LANGUAGES: Final = ("ky", "ru")

_lock = threading.Lock()
_current_language = DEFAULT_LANGUAGE
#: a per-thread override of the current language (see :func:`language`)
_local = threading.local()
_listeners: list[Callable[[str], None]] = []


class UnknownLanguageError(ValueError):
    """A language code that the app has no catalogue for."""


def check_language(lang: str) -> str:
    """Return ``lang`` if the app speaks it; raise :class:`UnknownLanguageError` otherwise."""
    if lang not in LANGUAGES:
        raise UnknownLanguageError(lang)
    return lang


def compile_po(po: bytes, lang: str) -> bytes:
    """The ``.mo`` form of a ``.po`` catalogue (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo  # only when a catalogue changed: Babel is slow to import
    from babel.messages.pofile import read_po

    catalog = read_po(io.BytesIO(po), locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _compiled(po: bytes, lang: str) -> bytes:
    # Named by the catalogue's size and CRC-32: enough to tell two versions of one file apart, and zlib loads in
    # no time, where hashlib's OpenSSL would be a twentieth of `osgo tally`'s start.
    cached = paths.cache_dir() / "locale" / f"{DOMAIN}-{lang}-{len(po)}-{zlib.crc32(po):08x}.mo"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    mo = compile_po(po, lang)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f"{cached.name}.{os.getpid()}.part")
        partial.write_bytes(mo)
        partial.replace(cached)  # atomic: another process never reads half a file
    except OSError as exc:
        import logging  # here, not at the top: `osgo tally` and `osgo verify` start without the logging package

        logging.getLogger(__name__).info("cannot cache the compiled %s catalogue: %s", lang, exc)
    return mo


@cache
def _translations(lang: str) -> _gettext.NullTranslations:
    check_language(lang)
    po_file = resources.files("resources").joinpath("locale", lang, "LC_MESSAGES", f"{DOMAIN}.po")
    if not po_file.is_file():
        return _gettext.NullTranslations()
    return _gettext.GNUTranslations(io.BytesIO(_compiled(po_file.read_bytes(), lang)))


class Translator:
    """Translates into one fixed language; what documents use."""

    def __init__(self, lang: str) -> None:
        self.lang = check_language(lang)
        self._t = _translations(lang)

    def gettext(self, message: str) -> str:
        return self._t.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._t.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """``message`` as said in ``context``: e.g. "female" and "male" for a word that agrees with a person's sex
        (Russian "Избрана" / "Избран"); English and Kyrgyz say it once."""
        return self._t.pgettext(context, message)

    def format_date(self, value: dt.date | None, style: str = "long") -> str:
        return format_date(value, self.lang, style)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it."""
    return message


def _(message: str) -> str:
    """Translate ``message`` into the current language."""
    return _translations(current_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations(current_language()).ngettext(singular, plural, n)


def current_language() -> str:
    override: str | None = getattr(_local, "lang", None)
    return override or _current_language


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Within the block, ``_()`` on this thread speaks ``lang``: what a document printed in Kyrgyz or Russian
    uses while the UI, on another thread, goes on in its own language."""
    previous: str | None = getattr(_local, "lang", None)
    _local.lang = check_language(lang)
    try:
        yield
    finally:
        _local.lang = previous


def set_language(lang: str) -> None:
    """Switch the current language and tell every listener (the UI retranslates itself)."""
    global _current_language
    check_language(lang)
    with _lock:
        _current_language = lang
        listeners = list(_listeners)
    for listener in listeners:
        listener(lang)


def add_language_listener(listener: Callable[[str], None]) -> None:
    with _lock:
        _listeners.append(listener)


def remove_language_listener(listener: Callable[[str], None]) -> None:
    with _lock:
        if listener in _listeners:
            _listeners.remove(listener)


#: Numeric dates as used on Kyrgyz and Russian paperwork; CLDR's own patterns for the long form.
#: each language's numeric date: digits only, so no CLDR data (and no Babel import) is needed to write it
_NUMERIC_FORMATS: Final = {"ky": "%d.%m.%Y", "ru": "%d.%m.%Y", "en": "%Y-%m-%d"}


_SPACES: Final = str.maketrans({"\u202f": "\u00a0", "\u2009": "\u00a0"})


def printable_spaces(text: str) -> str:
    """CLDR's narrow and thin spaces as no-break spaces: the document fonts have only those."""
    return text.translate(_SPACES)


#: the Kyrgyz months in the possessive form a date writes them in ("3-декабры")
_KYRGYZ_MONTHS_OF: Final = (
    "январы",
    "февралы",
    "марты",
    "апрели",
    "майы",
    "июну",
    "июлу",
    "августу",
    "сентябры",
    "октябры",
    "ноябры",
    "декабры",
)


def format_date(value: dt.date | None, lang: str | None = None, style: str = "long") -> str:
    """A date in ``lang`` (the current language by default): ``style`` is ``"long"`` (CLDR) or ``"numeric"``."""
    if value is None:
        return "—"
    lang = check_language(lang or current_language())
    if style == "numeric":
        return value.strftime(_NUMERIC_FORMATS[lang])
    if lang == "ky":
        # Official Kyrgyz writes "2026-жылдын 3-декабры" (CLDR's "2026-ж., 3-декабрь" is an office shorthand)
        return f"{value.year}-жылдын {value.day}-{_KYRGYZ_MONTHS_OF[value.month - 1]}"
    from babel.dates import format_date as _babel_format_date  # loaded on first use, not at start-up

    # CLDR puts narrow and thin spaces in dates ("2026\u202fг."); the document fonts have only the no-break one.
    return _babel_format_date(value, style, locale=lang).translate(_SPACES)


#: Each language's own name for itself (as CLDR gives it), for the language menu.
LANGUAGE_NAMES: Final = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}


def language_name(lang: str) -> str:
    return LANGUAGE_NAMES[check_language(lang)]


def format_size(size: int, lang: str | None = None) -> str:
    """A size in bytes as a person reads it, with the language's decimal separator: "812 bytes", "1,4 MB"."""
    from babel.numbers import format_decimal

    t = Translator(check_language(lang or current_language()))
    if size < 1024:
        return t.ngettext("{count} byte", "{count} bytes", size).format(count=size)
    if size < 1024 * 1024:
        number = format_decimal(size / 1024, format="#,##0.#", locale=t.lang).translate(_SPACES)
        return t.gettext("{size} KB").format(size=number)
    number = format_decimal(size / (1024 * 1024), format="#,##0.#", locale=t.lang).translate(_SPACES)
    return t.gettext("{size} MB").format(size=number)
