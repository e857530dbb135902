"""verify.html's translations: the app's own (resources/locale/*/osgo.po) for every message the page shares with
``osgo verify``, so that the page and the command say the same words, and the page's own for the few it adds.

    python -m tests.browser.catalog     # after the page, a message or a .po changed: rewrite the page's catalog,
                                        # then the page's SHA-256 in docs/record.md ("verify.html")

tests/browser/test_verify_html.py fails when the page's catalog or the SHA-256 the docs print is not what this gives.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "osgo_desktop" / "verifier" / "verify.html"
LOCALE = ROOT / "resources" / "locale"
LANGS = ("ky", "ru")

_STRING = r'"((?:[^"\\]|\\.)*)"'
_SINGLE = re.compile(r"(?<![\w$])N?_\(\s*" + _STRING)
_PLURAL = re.compile(r"(?<![\w$])ngettext\(\s*" + _STRING + r",\s*" + _STRING)
_ATTRIBUTE = re.compile(r'data-t="([^"]*)"')
_BLOCK = re.compile(r'(<script type="application/json" id="osgo-messages">\n)(.*?)(\n</script>)', re.S)

#: the page's own words (no message of the app says them): the page's frame, and what only the page says
PAGE_OWN: dict[str, dict[str, str]] = {
    "Verify an election record": {
        "ky": "Шайлоо жазуусун текшерүү",
        "ru": "Проверка записи выборов",
    },
    "OSGO Desktop. The record is checked on this computer, in this browser: nothing is sent anywhere.": {
        "ky": "OSGO Desktop. Жазуу ушул компьютерде, ушул браузерде текшерилет: эч нерсе эч жакка жөнөтүлбөйт.",
        "ru": "OSGO Desktop. Запись проверяется на этом компьютере, в этом браузере: ничего никуда не отправляется.",
    },
    "Choose the record's zip file (record-….zip) or drop it here.": {
        "ky": "Жазуунун zip файлын (record-….zip) тандаңыз же бул жерге сүйрөп таштаңыз.",
        "ru": "Выберите zip-файл записи (record-….zip) или перетащите его сюда.",
    },
    "What does not hold": {"ky": "Эмне туура келбейт", "ru": "Что не сходится"},
    "Notes": {"ky": "Эскертүүлөр", "ru": "Примечания"},
    "Checking…": {"ky": "Текшерилүүдө…", "ru": "Идёт проверка…"},
    "Verified": {"ky": "Текшерилди", "ru": "Проверено"},
    "Not verified": {"ky": "Текшерүүдөн өткөн жок", "ru": "Не проверено"},
    "This page is part of OSGO Desktop. Take it from the app's own distribution when the record's origin is in "
    "doubt: a page that came in the same zip as the record could have been replaced with it. `osgo verify` checks "
    "the page in a record.": {
        "ky": "Бул барак OSGO Desktop программасынын бөлүгү. Жазуунун келип чыгышы шектүү болсо, баракты "
        "программанын өз таркатуусунан алыңыз: жазуу менен бир zip ичинде келген барак аны менен кошо "
        "алмаштырылышы мүмкүн. `osgo verify` жазуудагы баракты текшерет.",
        "ru": "Эта страница — часть OSGO Desktop. Если происхождение записи вызывает сомнения, возьмите страницу "
        "из дистрибутива самой программы: страница, пришедшая в одном zip с записью, могла быть подменена "
        "вместе с ней. `osgo verify` проверяет страницу в записи.",
    },
    "Compare with a paper (optional)": {
        "ky": "Кагаз менен салыштыруу (милдеттүү эмес)",
        "ru": "Сверить с бумажным документом (необязательно)",
    },
    "The fingerprint printed on a protocol (or its QR code's text):": {
        "ky": "Протоколдо басылган из (же анын QR кодунун тексти):",
        "ru": "Отпечаток, напечатанный на протоколе (или текст его QR-кода):",
    },
    "The audit chain entry printed on the signed decision on the composition (its number and hash):": {
        "ky": "Курам боюнча кол коюлган чечимде басылган аудит чынжырынын жазуусу (анын номери жана хэши):",
        "ru": "Запись цепочки аудита, напечатанная на подписанном решении о составе (её номер и хэш):",
    },
}


def _unescape(text: str) -> str:
    value: str = json.loads(f'"{text}"')
    return value


def page_messages(html: str) -> dict[str, str | None]:
    """Every message the page translates, with its plural form (None for a message without one)."""
    script = html.split('id="osgo-messages">', 1)[1]
    found: dict[str, str | None] = {}
    for match in _ATTRIBUTE.finditer(html):
        found[match[1].replace("&amp;", "&")] = None
    for match in _SINGLE.finditer(script):
        found.setdefault(_unescape(match[1]), None)
    for match in _PLURAL.finditer(script):
        found[_unescape(match[1])] = _unescape(match[2])
    return found


def _po(lang: str) -> dict[str, Any]:
    with (LOCALE / lang / "LC_MESSAGES" / "osgo.po").open("rb") as handle:
        catalog = read_po(handle)
    return {
        message.id if isinstance(message.id, str) else message.id[0]: message.string
        for message in catalog
        if message.id and not message.fuzzy
    }


def app_translation(lang: str, msgid: str) -> Any:
    """The app's translation of ``msgid`` (a string, or the plural forms' list); None when it has none."""
    found = _po(lang).get(msgid)
    if isinstance(found, tuple | list):
        return list(found) if all(found) else None
    return found or None


def build(html: str) -> dict[str, dict[str, Any]]:
    """The catalog the page should carry: the app's translation where it has one, else the page's own."""
    catalogs = {lang: _po(lang) for lang in LANGS}
    result: dict[str, dict[str, Any]] = {}
    for msgid, plural in sorted(page_messages(html).items()):
        entry: dict[str, Any] = {}
        for lang in LANGS:
            found = catalogs[lang].get(msgid)
            if isinstance(found, tuple | list):
                found = list(found) if all(found) else None
            if not found and msgid in PAGE_OWN:
                found = PAGE_OWN[msgid][lang]
            if found:
                entry[lang] = found
        if plural is not None:
            entry["plural"] = plural
        result[msgid] = entry
    return result


def embedded(html: str) -> dict[str, dict[str, Any]]:
    found = _BLOCK.search(html)
    assert found is not None, "verify.html has no catalog block"
    value: dict[str, dict[str, Any]] = json.loads(found[2])
    return value


def write() -> None:
    html = PAGE.read_text(encoding="utf-8")
    entries = build(html)
    text = (
        "{\n"
        + ",\n".join(
            f"{json.dumps(msgid, ensure_ascii=False)}: {json.dumps(entry, ensure_ascii=False, sort_keys=True)}"
            for msgid, entry in sorted(entries.items())
        )
        + "\n}"
    )
    PAGE.write_text(_BLOCK.sub(lambda m: m[1] + text + m[3], html, count=1), encoding="utf-8")


DOC = ROOT / "docs" / "record.md"


def write_doc_sha256() -> None:
    """The SHA-256 printed in docs/record.md's "verify.html" section: that of the page as it now is."""
    doc = DOC.read_text(encoding="utf-8")
    head, section = doc.split("## verify.html", 1)
    section, sep, rest = section.partition("\n## ")
    digest = hashlib.sha256(PAGE.read_bytes()).hexdigest()
    section = re.sub(r"\b[0-9a-f]{64}\b", digest, section)
    DOC.write_text(f"{head}## verify.html{section}{sep}{rest}", encoding="utf-8")


if __name__ == "__main__":
    write()
    write_doc_sha256()
    missing = [msgid for msgid, entry in build(PAGE.read_text(encoding="utf-8")).items() if set(entry) < set(LANGS)]
    for msgid in missing:
        print("untranslated:", msgid, file=sys.stderr)
