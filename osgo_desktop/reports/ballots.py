"""The ballot papers of a round of the rating vote: one A4 sheet per paper, each paper with its own serial number.

Every paper of a round is the same but for its serial, so each sheet is drawn once, as a PDF form (an XObject),
and every paper is that form plus its serial: 500 papers cost little more than one. The geometry of the
candidates' rows (columns, row height, box size) is computed from the number of candidates alone
(:func:`ballot_layout`), so a round's Kyrgyz and Russian papers are laid out alike, box for box. See
``docs/decisions.md``, "Ballot papers".
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from osgo_desktop import __version__
from osgo_desktop.i18n import Translator
from osgo_desktop.reports.layout import (
    MARGIN,
    SANS,
    SERIF,
    DocumentKind,
    DocumentMeta,
    number_line,
    protocol_number,
    register_fonts,
)


@dataclass(frozen=True)
class BallotPaperData:
    """What the ballot papers of one round print; every text already in the document's language."""

    #: the Commission's name
    issuer: str
    competition_number: str
    #: what the competition fills (the state body's council, or the Commission's own seats)
    competition_title: str
    round_number: int
    #: a round among tied candidates only
    runoff: bool
    #: S: a voter marks up to this many candidates
    seats: int
    #: (number on the paper, full name), already in Kyrgyz alphabetical order
    candidates: tuple[tuple[int, str], ...]
    #: one paper per serial, in this order
    serials: tuple[str, ...]
    session_date: dt.date
    #: the round whose tie a runoff settles (printed as the vote protocol names the round); None when not known
    runoff_of: int | None = None

    def __post_init__(self) -> None:
        if self.seats < 1:
            raise ValueError(f"a ballot for {self.seats} seats")
        if self.round_number < 1:
            raise ValueError(f"round {self.round_number}")
        if self.runoff_of is not None and not (self.runoff and 1 <= self.runoff_of < self.round_number):
            raise ValueError(f"round {self.round_number} a runoff of round {self.runoff_of}")
        if not self.candidates:
            raise ValueError("a ballot with no candidates")
        if len({number for number, _name in self.candidates}) != len(self.candidates):
            raise ValueError("two candidates with the same number on the ballot")
        if len(set(self.serials)) != len(self.serials):
            raise ValueError("two ballot papers with the same serial number")


def ballot_document_number(competition_number: str, round_number: int) -> str:
    """The document number of a round's ballot papers: ``2026/01-B1`` for round 1 of competition 2026/01."""
    return protocol_number(competition_number, DocumentKind.BALLOTS, round_number)


# --- the sheet: fixed zones, the same on every sheet of every paper in every language ---------------------------

PAGE_WIDTH, PAGE_HEIGHT = (float(side) for side in A4)
_LEFT: Final = MARGIN
_RIGHT: Final = PAGE_WIDTH - MARGIN
_WIDTH: Final = _RIGHT - _LEFT
#: the house head: the issuer and the document's number, over a rule
_HEAD_TEXT: Final = PAGE_HEIGHT - 12 * mm
_HEAD_RULE: Final = PAGE_HEIGHT - 14 * mm
#: the counterfoil runs from the head's rule down to the cut line (on a paper's first sheet)
_CUT_LINE: Final = PAGE_HEIGHT - 30 * mm
#: the heading: what the paper is (left) and its serial, stamp place and signature line (right)
_HEADING_TOP: Final = _CUT_LINE - 3 * mm
_HEADING_BOTTOM: Final = _HEADING_TOP - 46 * mm
_AUTHORITY_WIDTH: Final = 74 * mm
_STAMP_SIZE: Final = 25 * mm
#: the instruction to the voter, across the page
_INSTRUCTION_TOP: Final = _HEADING_BOTTOM - 2 * mm
_INSTRUCTION_BOTTOM: Final = _INSTRUCTION_TOP - 16 * mm
#: the candidates' zone, down to just above the house foot
CANDIDATES_TOP: Final = _INSTRUCTION_BOTTOM - 2 * mm
CANDIDATES_BOTTOM: Final = 17 * mm
_FOOT_RULE: Final = 14 * mm
_FOOT_TEXT: Final = 10 * mm

#: the rows of candidates: never lower than this (a box of at least 7 mm), comfortably this, never higher than that
ROW_MIN: Final = 8 * mm
_ROW_COMFORT: Final = 9 * mm
_ROW_MAX: Final = 16 * mm
BOX_MIN: Final = 7 * mm
_BOX_MAX: Final = 11 * mm
_COLUMN_GAP: Final = 6 * mm
_MAX_COLUMNS: Final = 3
_NUMBER_WIDTH: Final = 10 * mm
_GREY: Final = colors.HexColor("#9a9a9a")
_TEXT_GREY: Final = colors.HexColor("#444444")


@dataclass(frozen=True)
class BallotLayout:
    """Where the candidates print on every paper of a round: computed from their number alone, so the papers of a
    round are laid out alike in every language. Lengths in points; y from the foot of the page."""

    candidates: int
    #: sheets per paper: 1 up to what three columns of the lowest rows hold, more beyond
    sheets: int
    columns: int
    #: rows per column on a sheet
    rows: int
    row_height: float
    box: float
    #: the candidates' names and numbers, in points
    font_size: float

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def column_width(self) -> float:
        return float(_WIDTH - (self.columns - 1) * _COLUMN_GAP) / self.columns

    def position(self, index: int) -> tuple[int, float, float]:
        """(sheet from 0, the left of its column, the top of its row) of the ``index``-th candidate (from 0):
        down the first column, then the next, then the next sheet."""
        sheet, rest = divmod(index, self.per_sheet)
        column, row = divmod(rest, self.rows)
        return sheet, _LEFT + column * (self.column_width + _COLUMN_GAP), CANDIDATES_TOP - row * self.row_height

    def box_at(self, index: int) -> tuple[int, float, float, float]:
        """(sheet, x, y, side) of the box of the ``index``-th candidate: at the right of its column, centred in
        its row."""
        sheet, left, top = self.position(index)
        x = left + self.column_width - self.box - 1.5 * mm
        y = top - (self.row_height + self.box) / 2
        return sheet, x, y, self.box


def ballot_layout(candidates: int) -> BallotLayout:
    """The layout of a paper of ``candidates``: the fewest columns (up to three) whose rows are comfortably high;
    else three columns of lower rows; beyond what those hold on one sheet, as many sheets as it takes, the
    candidates shared evenly between them. The rows then fill the zone, up to a roomy maximum; the box and the
    type grow with them."""
    if candidates < 1:
        raise ValueError(f"a ballot of {candidates} candidates")
    height = CANDIDATES_TOP - CANDIDATES_BOTTOM
    comfortable = [c for c in range(1, _MAX_COLUMNS + 1) if math.ceil(candidates / c) * _ROW_COMFORT <= height]
    columns = comfortable[0] if comfortable else _MAX_COLUMNS
    most = _MAX_COLUMNS * int(height // ROW_MIN)
    sheets = max(1, math.ceil(candidates / most))
    rows = math.ceil(math.ceil(candidates / sheets) / columns)
    row = min(_ROW_MAX, height / rows)
    box = min(_BOX_MAX, max(BOX_MIN, BOX_MIN + (row - ROW_MIN) / 2))
    font = min(14.0 - columns, max(9.0, 9 + (row - ROW_MIN) / mm * 0.6))
    return BallotLayout(candidates, sheets, columns, rows, row, box, round(font, 1))


# --- drawing --------------------------------------------------------------------------------------------------


def _fit_paragraphs(
    build: Sequence[tuple[str, ParagraphStyle]], width: float, height: float
) -> tuple[list[Paragraph], list[float]]:
    """``build``'s paragraphs (markup, style), their type shrunk in steps until together they fit ``height``;
    with the height each takes."""
    scale = 1.0
    while True:
        paragraphs, heights = [], []
        for markup, style in build:
            scaled = ParagraphStyle(
                f"{style.name}-{scale}",
                parent=style,
                fontSize=style.fontSize * scale,
                leading=style.leading * scale,
                spaceBefore=style.spaceBefore * scale,
                spaceAfter=style.spaceAfter * scale,
            )
            paragraph = Paragraph(markup, scaled)
            _w, h = paragraph.wrap(width, height)
            paragraphs.append(paragraph)
            heights.append(h + scaled.spaceBefore + scaled.spaceAfter)
        if sum(heights) <= height or scale <= 0.5:
            return paragraphs, heights
        scale -= 0.05


def _draw_column(
    canvas: Canvas, build: Sequence[tuple[str, ParagraphStyle]], x: float, top: float, width: float, bottom: float
) -> None:
    paragraphs, heights = _fit_paragraphs(build, width, top - bottom)
    y = top
    for paragraph, h in zip(paragraphs, heights, strict=True):
        y -= h
        paragraph.drawOn(canvas, x, y + paragraph.style.spaceAfter)


def _style(name: str, font: str, size: float, leading: float, **extra: object) -> ParagraphStyle:
    extra.setdefault("alignment", TA_LEFT)
    # a long word is never split without a hyphen: the type shrinks instead (see _fit_paragraphs)
    return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, splitLongWords=0, **extra)


def _round_text(t: Translator, data: BallotPaperData) -> str:
    """The round as the vote protocol names it."""
    if data.runoff_of is not None:
        return t.gettext("Round {number}: a runoff among the candidates tied in round {tied}").format(
            number=data.round_number, tied=data.runoff_of
        )
    if data.runoff:
        return t.gettext("Round {number}, runoff").format(number=data.round_number)
    return t.gettext("Round {number}").format(number=data.round_number)


def _wrap(words: list[str], font: str, size: float, width: float) -> list[str] | None:
    """``words`` in lines of ``width`` at ``size``, broken between words only; None when a word is wider."""
    lines: list[str] = []
    line = ""
    for word in words:
        if stringWidth(word, font, size) > width:
            return None
        candidate = f"{line} {word}" if line else word
        if line and stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    return lines


def _name_lines(name: str, width: float, size: float, height: float) -> tuple[float, list[str]]:
    """A name set in ``width``: on one line at ``size`` or a little smaller; else on two (three) lines at
    ``size``, smaller as needed to fit ``height``; a name is never broken inside a word."""
    words = name.split() or [""]
    for step in (1.0, 0.93, 0.86):
        lines = _wrap(words, SERIF, size * step, width)
        if lines is not None and len(lines) == 1:
            return size * step, lines
    current = size
    while current > 4:
        lines = _wrap(words, SERIF, current, width)
        if lines is not None and len(lines) * current * 1.15 <= height:
            return current, lines
        current -= 0.25
    return current, [name]


def _name_width(layout: BallotLayout) -> float:
    return float(layout.column_width - _NUMBER_WIDTH - 1 * mm - layout.box - 4 * mm)


def _names_size(layout: BallotLayout, names: Sequence[str]) -> float:
    """One size for every name of the paper, the largest at which each fits its row: no candidate prints smaller
    than another."""
    width, height = _name_width(layout), layout.row_height - 1.5 * mm
    return min(_name_lines(name, width, layout.font_size, height)[0] for name in names)


def _draw_candidates(
    canvas: Canvas, layout: BallotLayout, candidates: Sequence[tuple[int, str]], first: int, name_size: float
) -> None:
    """The candidates of one sheet (``candidates``, the ``first``-th of the paper first): number, name, box;
    every name at ``name_size``."""
    size = layout.font_size
    name_left = _NUMBER_WIDTH + 1 * mm
    name_width = _name_width(layout)
    canvas.setStrokeColor(_GREY)
    canvas.setLineWidth(0.4)
    for offset, (number, name) in enumerate(candidates):
        index = first + offset
        _sheet, left, top = layout.position(index)
        bottom = top - layout.row_height
        canvas.setStrokeColor(_GREY)
        canvas.setLineWidth(0.4)
        canvas.line(left, top, left + layout.column_width, top)
        if offset == len(candidates) - 1 or layout.position(index + 1)[1] != left:
            canvas.line(left, bottom, left + layout.column_width, bottom)
        lines = _wrap(name.split() or [""], SERIF, name_size, name_width) or [name]
        leading = name_size * 1.15
        block = len(lines) * leading
        # the first line's baseline: the block of lines centred in the row; the number on the first line
        baseline = top - (layout.row_height - block) / 2 - name_size * 0.9
        canvas.setFillColor(colors.black)
        canvas.setFont(f"{SANS}-Bold", size)
        canvas.drawRightString(left + _NUMBER_WIDTH, baseline, str(number))
        canvas.setFont(SERIF, name_size)
        if len(lines) > 1:
            # a name on two lines reads back (copied, extracted, spoken) as the one name it is
            canvas.addLiteral(f"/Span <</ActualText <FEFF{name.encode('utf-16-be').hex().upper()}>>> BDC")
        for line_index, line in enumerate(lines):
            canvas.drawString(left + name_left, baseline - line_index * leading, line)
        if len(lines) > 1:
            canvas.addLiteral("EMC")
        _s, x, y, side = layout.box_at(index)
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(1.2)
        canvas.rect(x, y, side, side, stroke=1, fill=0)


@dataclass(frozen=True)
class _Sheet:
    """What one sheet of every paper prints, besides the serial."""

    index: int
    count: int
    candidates: tuple[tuple[int, str], ...]
    first: int
    #: the size of every name on the paper
    name_size: float


def _draw_sheet(
    canvas: Canvas, t: Translator, meta: DocumentMeta, data: BallotPaperData, layout: BallotLayout, sheet: _Sheet
) -> None:
    """Everything of a sheet but its serial and page number: drawn once, into a form every paper uses."""
    # the house head and foot
    canvas.setFont(SANS, 8.5)
    canvas.setFillColor(_TEXT_GREY)
    canvas.drawString(_LEFT, _HEAD_TEXT, meta.issuer)
    canvas.drawRightString(_RIGHT, _HEAD_TEXT, number_line(meta))
    canvas.setStrokeColor(colors.HexColor("#999999"))
    canvas.setLineWidth(0.4)
    canvas.line(_LEFT, _HEAD_RULE, _RIGHT, _HEAD_RULE)
    canvas.line(_LEFT, _FOOT_RULE, _RIGHT, _FOOT_RULE)
    canvas.drawString(_LEFT, _FOOT_TEXT, f"{meta.title} · {t.format_date(meta.date, 'numeric')}")

    if sheet.index == 0:
        # the counterfoil: its serial is the page's; a note of what it is for and what it must never carry
        note = _style("counterfoil-note", SERIF, 7.5, 9, textColor=_TEXT_GREY)
        _draw_column(
            canvas,
            [
                (
                    escape(
                        t.gettext(
                            "Torn off when the paper is issued and kept by the counting commission. Nothing that "
                            "names the voter is written on it."
                        )
                    ),
                    note,
                )
            ],
            _LEFT,
            _HEAD_RULE - 8.5 * mm,
            _WIDTH - 45 * mm,
            _CUT_LINE + 1.5 * mm,
        )
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.6)
        canvas.setDash(4, 3)
        canvas.line(_LEFT, _CUT_LINE, _RIGHT, _CUT_LINE)
        canvas.setDash()
        cut = t.gettext("cut here")
        cut_width = stringWidth(cut, SANS, 7) + 4 * mm
        canvas.setFillColor(colors.white)
        canvas.rect((PAGE_WIDTH - cut_width) / 2, _CUT_LINE - 2 * mm, cut_width, 4 * mm, stroke=0, fill=1)
        canvas.setFillColor(_TEXT_GREY)
        canvas.setFont(SANS, 7)
        canvas.drawCentredString(PAGE_WIDTH / 2, _CUT_LINE - 0.8 * mm, cut)

    # the heading, left: what the paper is
    left_width = _WIDTH - _AUTHORITY_WIDTH - 6 * mm
    line = _style("ballot-line", SERIF, 11, 13.5)
    label = escape(t.gettext("Competition No."))
    competition = escape(t.gettext("Competition"))
    _draw_column(
        canvas,
        [
            (escape(t.gettext("BALLOT")), _style("ballot-title", f"{SERIF}-Bold", 22, 26, spaceAfter=2)),
            (escape(data.issuer), _style("ballot-issuer", SERIF, 9.5, 11.5, spaceAfter=3)),
            (escape(t.gettext("Rating vote")), line),
            (escape(_round_text(t, data)), line),
            (escape(t.format_date(data.session_date)), _style("ballot-date", SERIF, 11, 13.5, spaceAfter=3)),
            (
                t.gettext("{label}: {value}").format(label=f"<b>{label}</b>", value=escape(data.competition_number)),
                _style("ballot-fact", SERIF, 10, 12.5),
            ),
            (
                t.gettext("{label}: {value}").format(
                    label=f"<b>{competition}</b>", value=escape(data.competition_title)
                ),
                _style("ballot-fact2", SERIF, 10, 12.5),
            ),
        ],
        _LEFT,
        _HEADING_TOP,
        left_width,
        _HEADING_BOTTOM,
    )

    # the heading, right: the serial's frame, the sheet, the signature line and the stamp's place
    right_left = _RIGHT - _AUTHORITY_WIDTH
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(1.5)
    canvas.rect(right_left, _HEADING_TOP - 13 * mm, _AUTHORITY_WIDTH, 13 * mm, stroke=1, fill=0)
    if sheet.count > 1:
        canvas.setFillColor(colors.black)
        canvas.setFont(f"{SANS}-Bold", 10)
        canvas.drawRightString(
            _RIGHT,
            _HEADING_TOP - 17 * mm,
            t.gettext("Sheet {sheet} of {sheets}").format(sheet=sheet.index + 1, sheets=sheet.count),
        )
    stamp_x, stamp_y = _RIGHT - _STAMP_SIZE, _HEADING_BOTTOM
    canvas.setStrokeColor(colors.HexColor("#777777"))
    canvas.setLineWidth(1.2)
    canvas.setDash(3, 2)
    canvas.rect(stamp_x, stamp_y, _STAMP_SIZE, _STAMP_SIZE, stroke=1, fill=0)
    canvas.setDash()
    caption = _style("stamp-caption", SANS, 7.5, 9, alignment=TA_CENTER, textColor=colors.grey)
    paragraphs, heights = _fit_paragraphs(
        [(escape(t.gettext("Stamp of the counting commission")), caption)], _STAMP_SIZE - 3 * mm, _STAMP_SIZE
    )
    paragraphs[0].drawOn(canvas, stamp_x + 1.5 * mm, stamp_y + (_STAMP_SIZE - heights[0]) / 2)
    signature_width = _AUTHORITY_WIDTH - _STAMP_SIZE - 5 * mm
    _draw_column(
        canvas,
        [(escape(t.gettext("Member of the counting commission")), _style("signer", f"{SANS}-Bold", 8.5, 10.5))],
        right_left,
        _HEADING_TOP - 19 * mm,
        signature_width,
        _HEADING_BOTTOM + 12 * mm,
    )
    canvas.setStrokeColor(colors.black)
    canvas.setLineWidth(0.5)
    canvas.line(right_left, _HEADING_BOTTOM + 4 * mm, right_left + signature_width, _HEADING_BOTTOM + 4 * mm)
    canvas.setFillColor(colors.grey)
    canvas.setFont(SANS, 7.5)
    canvas.drawCentredString(right_left + signature_width / 2, _HEADING_BOTTOM + 1 * mm, t.gettext("(signature)"))

    # the instruction, across the page
    _draw_column(
        canvas,
        [
            (
                escape(
                    t.ngettext(
                        "Mark no more than {seats} candidate. A paper with more marks is invalid; a paper with no "
                        "marks is blank.",
                        "Mark no more than {seats} candidates. A paper with more marks is invalid; a paper with no "
                        "marks is blank.",
                        data.seats,
                    ).format(seats=data.seats)
                ),
                _style("instruction", f"{SERIF}-Bold", 11, 14),
            ),
            (
                escape(t.gettext("Put a mark in the box beside the name of each candidate you vote for.")),
                _style("ballot-how", SERIF, 11, 14),
            ),
        ],
        _LEFT,
        _INSTRUCTION_TOP,
        _WIDTH,
        _INSTRUCTION_BOTTOM,
    )

    _draw_candidates(canvas, layout, sheet.candidates, sheet.first, sheet.name_size)


def _draw_serial(canvas: Canvas, t: Translator, serial: str, sheet: _Sheet) -> None:
    """What differs from paper to paper: the serial, in the frame of the heading and on the counterfoil (or, on a
    paper's later sheet, in its place)."""
    text = t.gettext("No. {number}").format(number=serial)
    canvas.setFillColor(colors.black)
    canvas.setFont(f"{SANS}-Bold", 20)
    canvas.drawCentredString(_RIGHT - _AUTHORITY_WIDTH / 2, _HEADING_TOP - 9.3 * mm, text)
    if sheet.index == 0:
        canvas.setFont(f"{SANS}-Bold", 10)
        canvas.drawString(
            _LEFT, _HEAD_RULE - 5 * mm, t.gettext("Counterfoil of ballot paper No. {number}").format(number=serial)
        )
        canvas.setFont(f"{SANS}-Bold", 14)
        canvas.drawRightString(_RIGHT, _HEAD_RULE - 8 * mm, text)
    else:
        canvas.setFont(f"{SANS}-Bold", 10)
        canvas.drawString(_LEFT, _HEAD_RULE - 5 * mm, text)
        canvas.drawRightString(
            _RIGHT,
            _HEAD_RULE - 5 * mm,
            t.gettext("Sheet {sheet} of {sheets}").format(sheet=sheet.index + 1, sheets=sheet.count),
        )


def ballot_papers_pdf(data: BallotPaperData, lang: str, issued: dt.date) -> bytes:
    """The ballot papers of one round in ``lang``, one per serial, each on a sheet of its own (on several, each
    marked, when the candidates are too many for one), dated ``issued``."""
    if not data.serials:
        raise ValueError("no ballot papers to print: a round prints one for each voter at least")
    register_fonts()
    t = Translator(lang)
    layout = ballot_layout(len(data.candidates))
    meta = DocumentMeta(
        lang=lang,
        issuer=data.issuer,
        title=t.gettext("Ballot paper"),
        number=ballot_document_number(data.competition_number, data.round_number),
        date=issued,
        subject=data.competition_title,
        competition=data.competition_number,
    )
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=SERIF, lang=lang)
    canvas.setTitle(f"{meta.title} {meta.number}")
    canvas.setAuthor(meta.issuer)
    canvas.setSubject(meta.subject)
    canvas.setCreator(f"OSGO Desktop {__version__}")
    name_size = _names_size(layout, [name for _number, name in data.candidates])
    sheets = [
        _Sheet(
            index,
            layout.sheets,
            data.candidates[index * layout.per_sheet : (index + 1) * layout.per_sheet],
            index * layout.per_sheet,
            name_size,
        )
        for index in range(layout.sheets)
    ]
    for sheet in sheets:
        canvas.beginForm(f"sheet{sheet.index}")
        _draw_sheet(canvas, t, meta, data, layout, sheet)
        canvas.endForm()
    total = len(data.serials) * len(sheets)
    page = 0
    for serial in data.serials:
        for sheet in sheets:
            page += 1
            canvas.doForm(f"sheet{sheet.index}")
            _draw_serial(canvas, t, serial, sheet)
            canvas.setFont(SANS, 8.5)
            canvas.setFillColor(_TEXT_GREY)
            canvas.drawRightString(
                _RIGHT, _FOOT_TEXT, t.gettext("Page {page} of {total}").format(page=page, total=total)
            )
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()
