"""A fingerprinted document read back: the fingerprint at the foot of every page, the QR code on the last one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from osgo_desktop.domain.fingerprint import canonical_fingerprint, grouped, parse_fingerprint_payload
from osgo_desktop.domain.profile import COMMISSION_NAME
from osgo_desktop.reports.layout import DocumentMeta, fingerprint_payload, para, render, styles

RECORD = {"competition": "2026/01", "round": 1, "votes": {"Өмүрбеков Нурлан": 7, "Бакыт кызы Айгүл": 5}}
SHA = canonical_fingerprint(RECORD)


def meta(**changes: object) -> DocumentMeta:
    base = DocumentMeta(
        lang="ky",
        issuer=COMMISSION_NAME.get("ky"),
        title="Протокол",
        number="2026/01-R1",
        date=dt.date(2026, 12, 8),
        competition="2026/01",
        fingerprint=SHA,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def document(pages: int, **changes: object) -> bytes:
    lines = [para(f"Сап {n}: Үмөталиева Айгүл, Ңаамат Өмүр", styles().body) for n in range(1, 45 * pages - 20)]
    return render(lines, meta(**changes))


def pdftotext_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return [" ".join(page.split()) for page in result.stdout.split("\f")[:-1]]


def test_the_payload_names_competition_protocol_and_fingerprint() -> None:
    payload = fingerprint_payload(meta())
    assert payload == f"OSGO|2026/01|2026/01-R1|{SHA}"
    parsed = parse_fingerprint_payload(payload)
    assert (parsed.competition, parsed.number, parsed.sha256) == ("2026/01", "2026/01-R1", SHA)


def test_a_document_without_a_fingerprint_has_no_payload() -> None:
    with pytest.raises(ValueError, match="no fingerprint"):
        fingerprint_payload(meta(fingerprint=None))


@pytest.mark.parametrize(
    "changes", [{"fingerprint": "abc"}, {"fingerprint": SHA.upper()}, {"competition": ""}, {"number": "1|2"}]
)
def test_a_fingerprint_that_could_not_be_read_back_is_refused(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        meta(**changes)


def test_every_page_prints_the_fingerprint_in_full(tmp_path: Path) -> None:
    pages = pdftotext_pages(document(3), tmp_path)
    assert len(pages) >= 3
    for page in pages:
        assert grouped(SHA) in page
    # the last page says it again, larger, beside the QR code, in two lines of eight groups
    groups = grouped(SHA).split()
    assert " ".join(groups[:8]) in pages[-1] and " ".join(groups[8:]) in pages[-1]
    assert pages[-1].count(groups[0]) == 2 and pages[0].count(groups[0]) == 1


def test_a_document_without_a_fingerprint_prints_none(tmp_path: Path) -> None:
    pages = pdftotext_pages(document(2, fingerprint=None, competition=""), tmp_path)
    assert len(pages) >= 2
    assert not any("SHA-256" in page or SHA[:4] in page for page in pages)


def zbarimg(png: Path) -> list[str]:
    result = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True, check=False)
    assert result.returncode in (0, 4), result.stderr  # 4: no code found
    return result.stdout.splitlines()


def test_the_qr_code_on_the_last_page_decodes_to_the_payload(tmp_path: Path) -> None:
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is not installed (apt-get install zbar-tools): the QR code cannot be decoded")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    path = tmp_path / "document.pdf"
    path.write_bytes(document(2))
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(tmp_path / "page")], check=True)
    first, last = sorted(tmp_path.glob("page*.png"))
    assert zbarimg(first) == []  # only the last page carries it
    assert zbarimg(last) == [fingerprint_payload(meta())]
