"""The one layout of every document: A4, embedded PT fonts, the Commission's name at the head, the document's
number and date, "page X of Y" at the foot. Documents build a story of flowables and hand it to :func:`render`.

A protocol made from a record also carries the record's fingerprint: at the foot of every page, and with a QR code
at the end of its last page (see :class:`DocumentMeta` and :func:`fingerprint_payload`)."""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from itertools import groupby
from typing import Any, Final, Literal
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
)
from reportlab.platypus import TableStyle as RLTableStyle
from reportlab.platypus.tables import LINECOMMANDS, CellStyle

from osgo_desktop import __version__
from osgo_desktop.clock import BISHKEK
from osgo_desktop.domain.fingerprint import FingerprintPayload, fingerprint_payload_text, grouped, is_fingerprint
from osgo_desktop.fonts import STYLES, font_file
from osgo_desktop.i18n import Translator, format_date, printable_spaces
from osgo_desktop.reports.hyphenation import DOCUMENT_HYPHENATOR, HEADING_HYPHENATOR, hyphenating

SERIF = "PTSerif"
SANS = "PTSans"
MARGIN: Final[float] = 20 * mm
#: reportlab's frame pads the story on each side: what a flowable gets is the width between the margins less this
FRAME_PADDING: Final[float] = 6


@cache
def register_fonts() -> None:
    """Register the PT families with reportlab (TrueType: embedded, subset, in every PDF), and teach its line
    breaking the letters of Kyrgyz."""
    _hyphenate_every_cyrillic_letter()
    for family, name in (("PT Serif", SERIF), ("PT Sans", SANS)):
        for style in STYLES:
            suffix = "" if style == "Regular" else f"-{style}"
            pdfmetrics.registerFont(TTFont(f"{name}{suffix}", str(font_file(family, style))))
        pdfmetrics.registerFontFamily(
            name, normal=name, bold=f"{name}-Bold", italic=f"{name}-Italic", boldItalic=f"{name}-BoldItalic"
        )


def _hyphenate_every_cyrillic_letter() -> None:
    """reportlab hands a word to the hyphenator only when it is made of the letters it knows, and those stop at
    "я": a word with ё, ң, ө or ү would never be broken. Its two patterns (module globals, read at each line break)
    are widened to the whole Cyrillic block."""
    from reportlab.platypus import paragraph

    letters = f"{paragraph._hy_letters}\u0400-\u04ff"
    paragraph._hy_letters_pat = re.compile(f"^[{letters}]+$")
    paragraph._hy_shy_letters_pat = re.compile(f"^[{paragraph._hy_shy}{letters}]+$")


#: How every house paragraph breaks a word: where the language of the document allows, with a hyphen at the line's
#: end (see :mod:`osgo_desktop.reports.hyphenation`; :func:`render` says which language), or after a hyphen the word
#: already has — and nowhere else. reportlab's own splitting of a long word at any letter, without a hyphen, is off:
#: a word with no place to break that fits stays whole. ``embeddedHyphenation`` 2 also moves a word whose first part
#: does not fit what is left of a line to the next line and breaks it there, if it is longer than a whole line.
HYPHENATION: Final[dict[str, Any]] = {
    "hyphenationLang": DOCUMENT_HYPHENATOR,
    "embeddedHyphenation": 2,
    "splitLongWords": 0,
    "uriWasteReduce": 0,
}


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    heading: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle


@cache
def styles() -> Styles:
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=SERIF,
        bulletFontName=SERIF,
        fontSize=11,
        leading=14.5,
        alignment=TA_JUSTIFY,
        spaceAfter=4,
        **HYPHENATION,
    )
    return Styles(
        body=body,
        small=ParagraphStyle("small", parent=body, fontSize=9, leading=11, alignment=0),
        heading=ParagraphStyle(
            "heading",
            parent=body,
            fontName=f"{SERIF}-Bold",
            fontSize=12,
            leading=15,
            spaceBefore=8,
            spaceAfter=4,
            alignment=0,
            keepWithNext=True,
            hyphenationLang="",  # a heading breaks between words only
        ),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=f"{SERIF}-Bold",
            fontSize=16,
            leading=20,
            alignment=TA_CENTER,
            spaceAfter=6,
            hyphenationLang="",  # a title breaks between words only
        ),
        subtitle=ParagraphStyle(
            "subtitle", parent=body, fontSize=12, leading=15, alignment=TA_CENTER, spaceAfter=10, hyphenationLang=""
        ),
        label=ParagraphStyle("label", parent=body, fontName=f"{SANS}-Bold", fontSize=10, leading=13, alignment=0),
        cell=ParagraphStyle("cell", parent=body, alignment=0, spaceAfter=0),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: a name with "<" or "&" prints as written); "№" stays on the line of the
    number it stands for."""
    return Paragraph(escape(text).replace("№ ", "№\u00a0").replace("\n", "<br/>"), style)


def bullets(items: list[str], style: ParagraphStyle | None = None) -> ListFlowable:
    style = style or styles().body
    return ListFlowable(
        [ListItem(para(item, style), leftIndent=12, spaceAfter=0) for item in items],
        bulletType="bullet",
        start="•",
        leftIndent=12,
        bulletFontName=SERIF,
    )


def facts_table(rows: list[tuple[str, str]]) -> Table:
    """Label–value rows, the labels in a narrow column."""
    st = styles()
    label_width = 55 * mm
    padding = 6  # reportlab's, left and right
    # a label or a value that fits its column on one line is plain text in the same font (a paragraph costs more)
    table = Table(
        [
            [
                fit_cell(k, label_width - 2 * padding, st.label),
                fit_cell(v, FRAME_WIDTH - label_width - 2 * padding, st.cell),
            ]
            for k, v in rows
        ],
        colWidths=[label_width, "*"],  # the values take the rest of the width, whatever their length
        repeatRows=0,
        splitInRow=1,
    )
    table.setStyle(
        RLTableStyle(
            [
                *(
                    (command, (column, 0), (column, -1), value)
                    for column, style in enumerate((st.label, st.cell))
                    for command, value in (
                        ("FONTNAME", style.fontName),  # the default cell font is Helvetica, never embedded
                        ("FONTSIZE", style.fontSize),
                        ("LEADING", style.leading),
                    )
                ),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.grey),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


class DocumentKind(StrEnum):
    """The kinds of document of a competition; the value is the letter its number ends with."""

    ANNOUNCEMENT = "A"
    REGISTER = "R"
    SCREENING = "S"
    BALLOTS = "B"
    TALLY_SHEET = "T"
    VOTE = "V"
    DECISION = "D"


#: the documents made once per round of the rating vote: their number carries the round's
_PER_ROUND: Final = frozenset({DocumentKind.BALLOTS, DocumentKind.TALLY_SHEET, DocumentKind.VOTE})


def protocol_number(competition_number: str, kind: DocumentKind, round_number: int | None = None) -> str:
    """The number of a competition's document, the one scheme for all of them: the competition's number, a dash,
    the kind's letter and, for a document of a round of the vote, the round's number.

    ``2026/04-A`` announcement, ``2026/04-R`` register, ``2026/04-S`` screening protocol, ``2026/04-B1`` ballot
    papers of round 1, ``2026/04-T1`` tally sheet of round 1, ``2026/04-V1`` vote protocol of round 1,
    ``2026/04-D`` decision on the composition. (A receipt carries its application's registration number,
    ``2026/04-017``.)
    """
    if (round_number is not None) != (kind in _PER_ROUND):
        raise ValueError(f"a {kind.name.lower()} document with round {round_number}")
    if round_number is not None and round_number < 1:
        raise ValueError(f"round {round_number}")
    return f"{competition_number}-{kind.value}{round_number or ''}"


@dataclass(frozen=True)
class AmendmentNote:
    """An amendment as a document prints it; every text already in the document's language."""

    at: str
    reason: str
    correction: str
    made_by: str = ""


@dataclass(frozen=True)
class Edition:
    """Which issue of a protocol a print is: a paper copy must say which of its versions it is."""

    #: 1 for the first; each re-issue from changed data, and each amendment, makes the next
    version: int = 1
    #: corrections made after the competition closed, printed after the document they amend
    amendments: tuple[AmendmentNote, ...] = ()

    def __post_init__(self) -> None:
        if self.version < 1:
            raise ValueError(f"version {self.version}")


#: A protocol's first version, with no amendments.
FIRST_EDITION: Final[Edition] = Edition()


@dataclass(frozen=True)
class DocumentMeta:
    """What the head and the foot of every page print."""

    lang: str
    #: the issuing body, at the head of every page
    issuer: str
    #: the kind of document ("Announcement") and its number ("2026/03")
    title: str
    number: str
    date: dt.date
    #: the PDF's author/subject metadata
    subject: str = ""
    #: A4 turned sideways, for wide tables (the application register)
    landscape: bool = False
    #: the competition's number, which the QR code of a fingerprinted document names
    competition: str = ""
    #: the SHA-256 (64 lowercase hex) of the record the document was made from (see
    #: :func:`osgo_desktop.domain.fingerprint.canonical_fingerprint`): printed at the foot of every page and, with
    #: a QR code, at the end of the last one; None for a document made from no record
    fingerprint: str | None = None
    #: the version and amendments of a protocol
    edition: Edition = FIRST_EDITION
    #: a protocol read before it is issued: "DRAFT" across every page and no number (:func:`draw_draft_mark`)
    draft: bool = False
    #: the audit chain's last entry when the document was issued, ``(seq, hash)``: the decision on the composition
    #: prints it, and the PDF carries it in :data:`CHAIN_HEAD_KEY` (docs/decisions.md, "The chain head on the
    #: decision")
    chain_head: tuple[int, str] | None = None

    def __post_init__(self) -> None:
        if self.fingerprint is not None:
            # refused here, not halfway through rendering: a fingerprint that is no SHA-256, a number not read back
            FingerprintPayload(competition=self.competition, number=self.number, sha256=self.fingerprint)
        if self.chain_head is not None and (self.chain_head[0] < 1 or not is_fingerprint(self.chain_head[1])):
            raise ValueError(f"not an audit chain head: {self.chain_head!r}")

    @property
    def payload(self) -> FingerprintPayload:
        """What the QR code says; :class:`ValueError` for a document without a fingerprint."""
        if self.fingerprint is None:
            raise ValueError(f"document {self.number} has no fingerprint")
        return FingerprintPayload(competition=self.competition, number=self.number, sha256=self.fingerprint)

    @property
    def pagesize(self) -> tuple[float, float]:
        width, height = landscape(A4) if self.landscape else A4
        return float(width), float(height)

    @property
    def frame_width(self) -> float:
        """The width the story is laid out in."""
        return self.pagesize[0] - 2 * MARGIN - 2 * FRAME_PADDING


#: The keys of a protocol's PDF Info dictionary that a machine reads without rendering a page (``osgo verify``,
#: ``verify.html``: docs/record.md, "What a protocol's PDF says about itself"). Written uncompressed and unencrypted,
#: once each, as ``/OSGOFingerprint (<64 hex>)``, ``/OSGODocument <hex of UTF-8 "number|version|lang">`` and, on
#: the decision on the composition, ``/OSGOChainHead (<seq>:<64 hex>)``.
FINGERPRINT_KEY: Final = "OSGOFingerprint"
DOCUMENT_KEY: Final = "OSGODocument"
CHAIN_HEAD_KEY: Final = "OSGOChainHead"


def info_keys(meta: DocumentMeta) -> dict[str, bytes]:
    """The keys :data:`FINGERPRINT_KEY`, :data:`DOCUMENT_KEY` and :data:`CHAIN_HEAD_KEY` with their values as the PDF
    holds them; none for a document made from no record."""
    if meta.fingerprint is None:
        return {}
    document = f"{meta.number}|{meta.edition.version}|{meta.lang}".encode()
    keys = {
        FINGERPRINT_KEY: b"(" + meta.fingerprint.encode("ascii") + b")",
        # in hex: a number is typed by the user, and a hex string needs no escapes to be read back
        DOCUMENT_KEY: b"<" + document.hex().encode("ascii") + b">",
    }
    if meta.chain_head is not None:
        seq, digest = meta.chain_head
        keys[CHAIN_HEAD_KEY] = f"({seq}:{digest})".encode("ascii")
    return keys


class _Info(pdfdoc.PDFInfo):  # type: ignore[misc]  # reportlab has no type hints
    """reportlab's Info dictionary with the OSGO keys (:func:`info_keys`) added. reportlab compresses page streams
    only, never a dictionary, so they stay readable by a byte scan of the file."""

    extra: dict[str, bytes]

    def format(self, document: Any) -> bytes:
        base: bytes = super().format(document)
        if not self.extra:
            return base
        end = base.rfind(b">>")
        added = b"".join(b"/" + key.encode("ascii") + b" " + value + b"\n" for key, value in self.extra.items())
        return base[:end] + added + base[end:]


class _NumberedCanvas(rl_canvas.Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """Defers page output until the end, so every page can say "page X of Y" (reportlab's known recipe)."""

    meta: DocumentMeta

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []
        info = _Info()
        info.__dict__.update(self._doc.info.__dict__)
        info.extra = info_keys(self.meta)
        self._doc.info = info

    def showPage(self) -> None:
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._draw_frame(total)
            super().showPage()
        super().save()

    def _draw_frame(self, total: int) -> None:
        meta = self.meta
        t = Translator(meta.lang)
        width, height = meta.pagesize
        self.saveState()
        self.setFont(SANS, 8.5)
        self.setFillColor(colors.HexColor("#444444"))
        self.drawString(MARGIN, height - 12 * mm, meta.issuer)
        self.drawRightString(width - MARGIN, height - 12 * mm, number_line(meta))
        self.setStrokeColor(colors.HexColor("#999999"))
        self.setLineWidth(0.4)
        self.line(MARGIN, height - 14 * mm, width - MARGIN, height - 14 * mm)
        self.line(MARGIN, 14 * mm, width - MARGIN, 14 * mm)
        self.drawString(MARGIN, 10 * mm, f"{meta.title} · {t.format_date(meta.date, 'numeric')}")
        self.drawRightString(
            width - MARGIN,
            10 * mm,
            t.gettext("Page {page} of {total}").format(page=self._pageNumber, total=total),
        )
        if meta.draft:
            draw_draft_mark(self, meta)
        if meta.fingerprint is not None:
            # in full on every page: a page that has come loose from the others still says what it belongs to
            self.setFont(SANS, 7)
            self.drawString(
                MARGIN,
                6.5 * mm,
                t.gettext("Fingerprint (SHA-256): {fingerprint}").format(fingerprint=grouped(meta.fingerprint)),
            )
        self.restoreState()


def number_line(meta: DocumentMeta) -> str:
    """The document's number as the head of every page prints it, with the version from the second on."""
    t = Translator(meta.lang)
    if meta.draft:
        return t.gettext("DRAFT")
    if meta.edition.version == 1:
        return t.gettext("No. {number}").format(number=meta.number)
    return t.gettext("No. {number}, version {version}").format(number=meta.number, version=meta.edition.version)


def draw_draft_mark(canvas: rl_canvas.Canvas, meta: DocumentMeta) -> None:
    """ "DRAFT" in large pale letters across the page: a paper nobody may take for the issued protocol."""
    width, height = meta.pagesize
    word = Translator(meta.lang).gettext("DRAFT")
    size = 110.0
    room = 0.75 * math.hypot(width, height)  # along the diagonal, with a margin at both ends
    size = min(size, size * room / max(1.0, stringWidth(word, SANS, size)))
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.5, 0.5, 0.5, alpha=0.2))
    canvas.setFont(SANS, size)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(math.degrees(math.atan2(height, width)))
    canvas.drawCentredString(0, -size / 3, word)
    canvas.restoreState()


def render(story: list[Flowable], meta: DocumentMeta) -> bytes:
    """The PDF bytes of ``story`` laid out on A4 with the house head and foot."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=meta.pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=22 * mm,
        bottomMargin=22 * mm,
        title=f"{meta.title} {meta.number}",
        author=meta.issuer,
        subject=meta.subject,
        creator=f"OSGO Desktop {__version__}",
        lang=meta.lang,
        # Start in an embedded font: the default Helvetica would be declared, unembedded, on every page.
        initialFontName=SERIF,
    )

    class Canvas(_NumberedCanvas):
        pass

    Canvas.meta = meta
    story = list(story)
    if meta.edition.amendments:
        # above the signatures, so that the amended version is signed under its corrections; a document without
        # signatures ends with them
        at = next((i for i, f in enumerate(story) if isinstance(f, SignaturesMark)), len(story))
        following = story[at + 1] if at + 1 < len(story) else None
        kept = _with_amendments(following, _amendments_section(meta))
        if kept is not None:
            # the lines kept with the signatures (a decision's operative part, a protocol's totals) come first
            story[at + 1] = kept
        else:
            story[at:at] = _amendments_section(meta)
    if meta.fingerprint is not None:
        story += [spacer(6), _fingerprint_block(meta)]
    with hyphenating(meta.lang):  # words break where the document's language allows
        doc.build(story, canvasmaker=Canvas)
    return buffer.getvalue()


class SignaturesMark(Spacer):  # type: ignore[misc]  # reportlab has no type hints
    """Where a document's signatures begin (:func:`signatures_section` puts it there): :func:`render` prints the
    amendments of an amended version just above it. Takes no room."""

    def __init__(self) -> None:
        super().__init__(0, 0)


def _amendments_section(meta: DocumentMeta) -> list[Flowable]:
    """The corrections of an amended version, each kept whole, before the signatures that sign them."""
    t = Translator(meta.lang)
    st = styles()
    story: list[Flowable] = [
        *section_heading(t.gettext("Amendments")),
        para(
            t.ngettext(
                "This version {version} of the document is amended as follows; the signatures below sign it with "
                "the amendment.",
                "This version {version} of the document is amended as follows; the signatures below sign it with "
                "the amendments.",
                len(meta.edition.amendments),
            ).format(version=meta.edition.version),
            st.body,
        ),
    ]
    for index, note in enumerate(meta.edition.amendments, start=1):
        head = t.gettext("Amendment No. {index} of {at}").format(index=index, at=note.at)
        if note.made_by:
            head = f"{head} · {note.made_by}"
        story.append(
            KeepTogether(
                [
                    para(head, st.label),
                    para(t.gettext("Reason: {reason}").format(reason=note.reason), st.body),
                    para(t.gettext("Correction: {correction}").format(correction=note.correction), st.body),
                ]
            )
        )
    return story


def fingerprint_payload(meta: DocumentMeta) -> str:
    """The text of the QR code of a fingerprinted document (the format is
    :func:`osgo_desktop.domain.fingerprint.fingerprint_payload_text`; read it back with
    :func:`osgo_desktop.domain.fingerprint.parse_fingerprint_payload`)."""
    return fingerprint_payload_text(meta.payload)


#: The side of the QR code at the end of a fingerprinted document: a phone reads it from a paper copy.
QR_SIZE: Final[float] = 32 * mm


class QrCode(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """A QR code of ``text``, ``size`` points square with its quiet zone of 4 modules, medium error correction.

    The modules come from segno, with a fixed mask (:data:`MASK`): choosing the best of the eight masks costs ten
    times making the code, and any of them reads, the mask being written in the code itself. They are drawn as
    one filled path of horizontal runs, which costs a fraction of drawing reportlab's widget (one shape per run,
    through the graphics renderer).
    """

    BORDER: Final = 4
    #: the mask of every code, fixed so that making one costs no search; every mask gives a valid code, and this one
    #: read as well as the best of the eight (segno's choice) when 25 codes printed at 75 to 80 dpi were read by zbarimg
    MASK: Final = 5

    def __init__(self, text: str, size: float = QR_SIZE) -> None:
        super().__init__()
        import segno  # only when a QR code is drawn

        code = segno.make_qr(text, error="m", boost_error=False, mask=self.MASK)
        self.modules: list[list[bool]] = [[bool(m) for m in row] for row in code.matrix]
        self.size = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        count = len(self.modules)
        box = self.size / (count + 2 * self.BORDER)
        path = self.canv.beginPath()
        for row_index, row in enumerate(self.modules):
            column = 0
            for dark, run in groupby(row):
                length = len(list(run))
                if dark:
                    x = (column + self.BORDER) * box
                    y = self.size - (row_index + self.BORDER + 1) * box
                    path.rect(x, y, length * box, box)
                column += length
        self.canv.saveState()
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)
        self.canv.restoreState()


def qr_code(text: str, size: float = QR_SIZE) -> QrCode:
    return QrCode(text, size)


def _fingerprint_block(meta: DocumentMeta) -> Flowable:
    """The end of a fingerprinted document: what the fingerprint is, in full, and the QR code that carries it."""
    assert meta.fingerprint is not None
    t = Translator(meta.lang)
    st = styles()
    digits = ParagraphStyle("fingerprint", parent=st.cell, fontName=SANS, fontSize=10.5, leading=14)
    half = len(meta.fingerprint) // 2
    text = [
        para(t.gettext("Fingerprint (SHA-256) of the record this document was made from"), st.label),
        para(f"{grouped(meta.fingerprint[:half])}\n{grouped(meta.fingerprint[half:])}", digits),
        spacer(1.5),
        para(
            t.gettext(
                "The QR code carries the competition number, the document number and the fingerprint: a paper "
                "copy can be checked against the data."
            ),
            st.small,
        ),
    ]
    table = Table([[text, qr_code(fingerprint_payload(meta))]], colWidths=[None, QR_SIZE], hAlign="LEFT")
    table.setStyle(
        RLTableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),  # the default cell font is Helvetica, never embedded
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), 6 * mm),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ("LINEABOVE", (0, 0), (-1, 0), 0.4, colors.HexColor("#999999")),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return table


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


#: The width of a portrait page's story: what a flowable gets unless told otherwise.
FRAME_WIDTH: Final[float] = A4[0] - 2 * MARGIN - 2 * FRAME_PADDING

Align = Literal["left", "center", "right"]
_ALIGNMENTS: Final = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}


@cache
def _cell_style(size: float, align: Align, header: bool) -> ParagraphStyle:
    register_fonts()
    return ParagraphStyle(
        f"table-{'head' if header else 'cell'}-{size}-{align}",
        fontName=f"{SANS}-Bold" if header else SERIF,
        fontSize=size,
        leading=size * 1.25,
        alignment=_ALIGNMENTS[align],
        spaceAfter=0,
        spaceBefore=0,
        **(HYPHENATION | {"hyphenationLang": HEADING_HYPHENATOR} if header else HYPHENATION),
    )


class _LongTable(Table):  # type: ignore[misc]  # reportlab has no type hints
    """A table that splits between rows, and inside a row only when the row is too tall to be worth moving.

    reportlab's own ``splitInRow`` also splits a short row whenever the rest of a page cannot hold it whole, leaving
    its last line alone on the next page; here such a row goes whole to the next page.

    Its cells of plain text are drawn in one PDF text object per run of them (reportlab begins and ends one per
    cell, which was half of what a protocol of hundreds of rows cost); what it draws, and in which order, is the
    same.
    """

    #: a row taller than this is split across pages rather than moved whole (less than a landscape page holds)
    split_rows_taller_than: float = 90 * mm

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        self._calc(available_width, available_height)
        parts: list[Flowable] = self._splitRows(available_height, doInRowSplit=0)
        if parts:
            return parts
        fitting: int = self._getFirstPossibleSplitRowPosition(available_height)
        heights: list[float] = self._rowHeights
        if 1 <= fitting < len(heights) and heights[fitting] > self.split_rows_taller_than:
            parts = self._splitRows(available_height, doInRowSplit=1)
        return parts

    def draw(self) -> None:
        self._text: Any = None  # the text object of the plain cells, begun with the first
        self._text_state: tuple[Any, ...] = ()  # its font and colour
        super().draw()

    def _drawCell(self, value: Any, style: CellStyle, pos: tuple[float, float], size: tuple[float, float]) -> None:
        if (
            type(value) is not str
            or "\n" in value
            or style.alignment not in _PLAIN_ALIGNMENTS
            or style.valign not in _PLAIN_VALIGNS
            or style.href
            or style.destination
            or style.direction
            or style.shaping
        ):
            self._flush_text()  # what is drawn keeps the order of the cells, which text extraction follows
            super()._drawCell(value, style, pos, size)
            return
        if not value:
            return
        (x, y), (width, height) = pos, size
        text = self._text
        if text is None:
            text = self._text = self.canv.beginText()
        state = (style.fontname, style.fontsize, style.leading, style.color)
        if state != self._text_state:
            if state[:3] != self._text_state[:3]:
                text.setFont(style.fontname, style.fontsize, style.leading)
            if not self._text_state or style.color != self._text_state[3]:
                text.setFillColor(style.color)
            self._text_state = state
        if style.alignment == "LEFT":
            x += style.leftPadding
        else:
            # a cell's text is placed where reportlab's drawString, drawRightString and drawCentredString place it
            shift = stringWidth(value, style.fontname, style.fontsize)
            if style.alignment == "RIGHT":
                x += width - style.rightPadding - shift
            else:
                x += (width + style.leftPadding - style.rightPadding - shift) / 2
        if style.valign == "TOP":
            y += height - style.topPadding - style.fontsize
        elif style.valign == "BOTTOM":
            y += style.bottomPadding + style.leading - style.fontsize
        else:
            y += (style.bottomPadding + height - style.topPadding + style.leading) / 2 - style.fontsize
        text.setTextOrigin(x, y)
        text._textOut(value)

    def _drawLines(self) -> None:
        self._flush_text()  # the cells are drawn, the lines not yet: the table's graphics state is still its own
        super()._drawLines()

    def _flush_text(self) -> None:
        if self._text is not None:
            self.canv.drawText(self._text)
            self._text = None
            self._text_state = ()


_PLAIN_ALIGNMENTS: Final = frozenset({"LEFT", "RIGHT", "CENTER", "CENTRE"})
_PLAIN_VALIGNS: Final = frozenset({"TOP", "MIDDLE", "BOTTOM"})


def data_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    col_widths: Sequence[float | None],
    *,
    align: Sequence[Align] | None = None,
    font_size: float = 9,
    extra_style: Sequence[tuple[Any, ...]] = (),
) -> Table:
    """A long table of plain text: it breaks across pages and repeats its header row on every page.

    Every cell is a wrapped, escaped paragraph (a line break in the text is kept), in the PT fonts. A row that
    does not fit on the rest of a page goes whole to the next one; a row too tall for that (a very long cell) is
    split across pages, so nothing can push the table off the page. ``col_widths`` in points, ``None`` for a
    column that takes what the others leave; ``align`` per column; ``extra_style`` adds table style commands
    (row and column indexes count the header as row 0).
    """
    columns = len(header)
    if len(col_widths) != columns:
        raise ValueError(f"{len(col_widths)} column widths for {columns} columns")
    aligns: Sequence[Align] = align if align is not None else ["left"] * columns
    if len(aligns) != columns:
        raise ValueError(f"{len(aligns)} alignments for {columns} columns")
    for row in rows:
        if len(row) != columns:
            raise ValueError(f"a row of {len(row)} cells in a table of {columns} columns: {row!r}")
    # A paragraph per cell is what costs most in a long table; a cell whose text fits its column on one line is
    # drawn as plain text, the same font, size, leading and alignment (see docs/decisions.md, "Protocols").
    room = _column_room(col_widths)
    head = [
        fit_cell(text, width, _cell_style(font_size, a, True))
        for text, a, width in zip(header, aligns, room, strict=True)
    ]
    body = [
        [
            fit_cell(text, width, _cell_style(font_size, a, False))
            for text, a, width in zip(row, aligns, room, strict=True)
        ]
        for row in rows
    ]
    data = [head, *body]
    # Each column's cells share one cell style, made here rather than by style commands, which reportlab applies
    # cell by cell (a dozen commands over 1,500 cells cost more than the table's layout); unless ``extra_style``
    # sets a cell's own font, alignment or padding, which then needs a style of its own.
    head_styles = [_table_cell_style(font_size, a, header=True) for a in aligns]
    body_styles = [_table_cell_style(font_size, a, header=False) for a in aligns]
    shared = all(command[0] in _TABLE_WIDE_COMMANDS for command in extra_style)
    cell_styles = [head_styles, *([body_styles] * len(body))]
    if not shared:
        cell_styles = [[style.copy() for style in row] for row in cell_styles]
    # a row of plain text has a known height: reportlab measures only the rows with a paragraph
    line_height = font_size * 1.25 + _CELL_PADDING[2] + _CELL_PADDING[3]
    heights = [None if any(isinstance(cell, Paragraph) for cell in row) else line_height for row in data]
    table = _LongTable(
        data,
        colWidths=[width if width is not None else "*" for width in col_widths],  # "*": what the others leave
        rowHeights=heights,
        repeatRows=1,
        splitInRow=1,
        hAlign="LEFT",
        normalizedData=1,
        cellStyles=cell_styles,
    )
    table.setStyle(
        RLTableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#9a9a9a")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6e6e6")),
                *extra_style,
            ]
        )
    )
    return table


#: the padding of a table cell: left, right, top, bottom
_CELL_PADDING: Final = (3.0, 3.0, 2.5, 3.0)
#: table style commands that set no cell's own style: lines, backgrounds, spans
_TABLE_WIDE_COMMANDS: Final = frozenset(
    {"BACKGROUND", "ROWBACKGROUNDS", "COLBACKGROUNDS", "SPAN", "NOSPLIT", *LINECOMMANDS}
)


def _table_cell_style(size: float, align: Align, *, header: bool) -> CellStyle:
    """The style of a :func:`data_table` cell (a plain text one is drawn in it; a paragraph has its own font)."""
    style = CellStyle("table-head" if header else "table-cell")
    style.fontname = f"{SANS}-Bold" if header else SERIF  # the default is Helvetica, never embedded
    style.fontsize = size
    style.leading = size * 1.25
    style.alignment = align.upper()
    style.valign = "MIDDLE" if header else "TOP"
    style.leftPadding, style.rightPadding, style.topPadding, style.bottomPadding = _CELL_PADDING
    return style


def fit_cell(text: str, width: float, style: ParagraphStyle) -> str | Paragraph:
    """A table cell of ``text``: plain text when it fits ``width`` on one line (the table draws it in its own
    font — keep the table's font and size those of ``style``), else a wrapped paragraph in ``style``."""
    if "\n" not in text and stringWidth(text, style.fontName, style.fontSize) <= width:
        return text
    return para(text, style)


def _column_room(col_widths: Sequence[float | None]) -> list[float]:
    """The width a cell's text has in each column, padding taken off; a flexible column gets its share of what a
    portrait page leaves (a landscape page only gives it more)."""
    fixed = sum(w for w in col_widths if w is not None)
    flexible = sum(w is None for w in col_widths) or 1
    share = max(FRAME_WIDTH - fixed, 0) / flexible
    return [(w if w is not None else share) - 6 - 0.5 for w in col_widths]


#: What a heading over the signatures needs below it: the heading and one row of signatories.
SIGNATURE_ROOM: Final[float] = 50 * mm


def section_heading(text: str, *, room: float = 40 * mm) -> list[Flowable]:
    """A heading over what may run across pages (a long table, the signatures).

    The house heading keeps with what follows it, which moves a whole table that would fit on a page to the next
    page and leaves a blank; this one goes to the next page only when less than ``room`` is left on this one
    (room for the heading, a table's header and a row or two), and lets the table split after it.
    """
    return [CondPageBreak(room), para(text, _section_style())]


@cache
def _section_style() -> ParagraphStyle:
    return ParagraphStyle("section", parent=styles().heading, keepWithNext=False)


def signature_block(signatories: Sequence[tuple[str, str]], lang: str, *, width: float = FRAME_WIDTH) -> Flowable:
    """A place to sign for each (name, role): the role, the name, a line and "(signature)" under it.

    Two signatories to a row, in ``width`` (a portrait page's story by default, on a landscape page too: a longer
    line helps nobody sign); a row is never split across pages. A heading ("Signatures") is the caller's.
    """
    if not signatories:
        return Spacer(0, 0)
    t = Translator(lang)
    st = styles()
    caption_style = ParagraphStyle(
        "signature-caption", parent=st.small, fontSize=7.5, leading=9, alignment=TA_CENTER, textColor=colors.grey
    )
    gap = 12 * mm
    column = (width - gap) / 2

    def place(name: str, role: str) -> list[Flowable]:
        return [
            para(role, st.label),
            para(name, st.cell),
            Spacer(1, 11 * mm),
            HRFlowable(width="100%", thickness=0.5, color=colors.black, spaceBefore=0, spaceAfter=1),
            para(t.gettext("(signature)"), caption_style),
        ]

    rows: list[list[Any]] = []
    for start in range(0, len(signatories), 2):
        pair = [place(name, role) for name, role in signatories[start : start + 2]]
        rows.append([pair[0], "", pair[1] if len(pair) == 2 else ""])
    # A row of a table is never split across pages (no splitInRow): each pair of signatories stays together.
    table = Table(rows, colWidths=[column, gap, column], hAlign="LEFT", splitInRow=0)
    table.setStyle(
        RLTableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),  # the default cell font is Helvetica, never embedded
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4 * mm),
            ]
        )
    )
    return table


def place_and_date(place: str, date: str) -> Table:
    """The place on the left and the date on the right, as a protocol opens.

    The date is short: it takes the width it needs and the place the rest, left-aligned (a place cut in two with
    stretched spaces reads badly)."""
    st = styles()
    left = ParagraphStyle("place-date-left", parent=st.body, alignment=TA_LEFT, spaceAfter=0)
    right = ParagraphStyle("place-date-right", parent=st.body, alignment=TA_RIGHT, spaceAfter=0)
    gap = 6 * mm
    date_width = min(stringWidth(date, right.fontName, right.fontSize) + 1 * mm, FRAME_WIDTH / 2)
    table = Table(
        [[para(place, left), para(date, right)]], colWidths=[FRAME_WIDTH - date_width - gap, date_width + gap]
    )
    table.setStyle(
        RLTableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),  # the default cell font is Helvetica, never embedded
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def signatures_section(
    title: str,
    groups: Sequence[tuple[str, Sequence[tuple[str, str]]]],
    lang: str,
    *,
    lead: Sequence[Flowable] = (),
    stamp: Flowable | None = None,
    lead_if_fits: Sequence[Flowable] = (),
) -> list[Flowable]:
    """The signatures at the end of a protocol: ``title``, then each group (a subheading, "" for none, and its
    (name, role) signatories) as a :func:`signature_block`. ``stamp`` (see :func:`stamp_place`) goes under the first
    row of signatures — the chair's and the secretary's, whom the stamp certifies — and on the same page.

    An amended version prints its amendments just above (see :class:`SignaturesMark`).

    What must not stand alone is kept together: ``lead`` (the lines just before the signatures, e.g. the totals),
    the title and each group's subheading go to a page with the first row of their signatories, so a page never
    ends in a heading and the signatures never open a page on their own, cut off from the document they sign.
    ``lead_if_fits`` (e.g. the operative part of a decision, before its closing ``lead``) goes with them too when a
    page holds it all; when none does, it flows from where it stands (no half-empty page before it) and only the
    rest stays together.
    """
    st = styles()
    story: list[Flowable] = [SignaturesMark()]
    pending: list[Flowable] = [*lead, AmendmentsHere(), para(title, _section_style())]
    for subtitle, signatories in groups:
        if not signatories:
            continue
        if subtitle:
            pending.append(para(subtitle, ParagraphStyle("signature-group", parent=st.label, spaceBefore=6)))
        pending.append(signature_block(signatories[:2], lang))
        if stamp is not None:
            pending.append(stamp)
            stamp = None
        story.append(KeptWhenItFits(lead_if_fits, pending) if lead_if_fits else KeepTogether(pending))
        pending = []
        lead_if_fits = ()
        if len(signatories) > 2:
            story.append(signature_block(signatories[2:], lang))
    if len(story) == 1:  # nobody to sign: the lead alone, without the title
        return [*lead_if_fits, *lead]
    return story


class KeptWhenItFits(KeepTogether):  # type: ignore[misc]  # reportlab has no type hints
    """``flowing`` then ``kept`` on one page when a page holds them all (to the next page if this one does not);
    when no page does, ``flowing`` flows from where it stands and only ``kept`` stays together."""

    def __init__(self, flowing: Sequence[Flowable], kept: Sequence[Flowable]) -> None:
        super().__init__([*flowing, *kept])
        self._flowing = list(flowing)
        self._kept = list(kept)

    def with_kept(self, kept: Sequence[Flowable]) -> KeptWhenItFits:
        return KeptWhenItFits(self._flowing, kept)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (available_width, available_height):
            self.wrap(available_width, available_height)
        frame = getattr(self, "_frame", None)
        page = float(frame._aH) if frame is not None else available_height  # an empty frame's height
        if float(self._H) > page:
            rest = [*self._flowing[1:], KeepTogether(self._kept)]
            if not self._flowing:
                return rest
            # What is handed back must start with something that fits where it stands (reportlab adds it without
            # splitting it again): the first flowing paragraph, or the part of it that fits, or a new frame.
            first = self._flowing[0]
            _width, height = first.wrap(available_width, available_height)
            if height <= available_height:
                return [first, *rest]
            parts = list(first.split(available_width, available_height))
            if parts:
                return [*parts, *rest]
            from reportlab.platypus.doctemplate import FrameBreak

            return [FrameBreak(), first, *rest]
        return list(super().split(available_width, available_height))


class AmendmentsHere(Spacer):  # type: ignore[misc]  # reportlab has no type hints
    """Where an amended version prints its amendments within the block kept with the signatures: after the lines
    that lead to them, before the signatures' title. Takes no room."""

    def __init__(self) -> None:
        super().__init__(0, 0)


def _with_amendments(block: Flowable | None, amendments: list[Flowable]) -> Flowable | None:
    """``block`` (the first block of signatures) with ``amendments`` at its :class:`AmendmentsHere`, or None when it
    has none."""
    if isinstance(block, KeptWhenItFits):
        content = list(block._kept)
    elif isinstance(block, KeepTogether):
        content = list(block._content)
    else:
        return None
    at = next((i for i, f in enumerate(content) if isinstance(f, AmendmentsHere)), None)
    if at is None:
        return None
    content[at:at] = amendments
    return block.with_kept(content) if isinstance(block, KeptWhenItFits) else KeepTogether(content)


#: a blank for a figure written by hand on the paper
HAND_BLANK: Final = "________"


def copy_number(lang: str) -> Paragraph:
    """ "Copy No. ____" at the right, under a protocol's title: the secretary numbers each signed copy by hand.

    Handwritten, so that every copy is the same PDF with the same fingerprint (the number is outside the fingerprint's
    basis: docs/decisions.md, "The copy number of a protocol")."""
    t = Translator(lang)
    style = ParagraphStyle("copy-number", parent=styles().body, alignment=TA_RIGHT, spaceAfter=2)
    return para(t.gettext("Copy No. {blank}").format(blank=HAND_BLANK), style)


def stamp_place(lang: str, *, signed_at: bool = True) -> Table:
    """The end of a protocol: the time it was signed, a blank filled by hand at the signing ("Signed at __ h __ min"),
    and the place of the stamp ("L.S.": М.О. in Kyrgyz, М.П. in Russian)."""
    t = Translator(lang)
    st = styles()
    right = ParagraphStyle("stamp-place", parent=st.label, alignment=TA_RIGHT)
    left = (
        para(
            t.gettext("The protocol was signed at {hours} h {minutes} min").format(hours="____", minutes="____"),
            st.body,
        )
        if signed_at
        else ""
    )
    table = Table([[left, para(t.gettext("L.S."), right)]], colWidths=[None, 30 * mm], hAlign="LEFT")
    table.setStyle(
        RLTableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),  # the default cell font is Helvetica, never embedded
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 4 * mm),
            ]
        )
    )
    return table


def date_time(value: dt.datetime, lang: str, style: str = "long") -> str:
    """A moment as a person in Bishkek reads it in ``lang``: the date (``style`` as for
    :func:`osgo_desktop.i18n.format_date`) and the time of day (hours and minutes)."""
    from babel.dates import format_time  # loaded on first use, as in osgo_desktop.i18n

    local = value.astimezone(BISHKEK) if value.tzinfo is not None else value
    t = Translator(lang)
    return t.gettext("{date}, {time}").format(
        date=format_date(local.date(), lang, style),
        time=printable_spaces(format_time(local.time(), "short", locale=lang)),
    )
