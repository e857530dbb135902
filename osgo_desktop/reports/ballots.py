"""The ballot papers of a round of the rating vote: one A4 page per paper, each with its own serial number."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from osgo_desktop.i18n import Translator
from osgo_desktop.reports.layout import (
    FRAME_PADDING,
    FRAME_WIDTH,
    SANS,
    SERIF,
    DocumentKind,
    DocumentMeta,
    facts_table,
    para,
    protocol_number,
    render,
    signature_block,
    spacer,
    styles,
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

    def __post_init__(self) -> None:
        if self.seats < 1:
            raise ValueError(f"a ballot for {self.seats} seats")
        if self.round_number < 1:
            raise ValueError(f"round {self.round_number}")
        if not self.candidates:
            raise ValueError("a ballot with no candidates")
        if len({number for number, _name in self.candidates}) != len(self.candidates):
            raise ValueError("two candidates with the same number on the ballot")
        if len(set(self.serials)) != len(self.serials):
            raise ValueError("two ballot papers with the same serial number")


def ballot_document_number(competition_number: str, round_number: int) -> str:
    """The document number of a round's ballot papers: ``2026/01-B1`` for round 1 of competition 2026/01."""
    return protocol_number(competition_number, DocumentKind.BALLOTS, round_number)


@dataclass(frozen=True)
class _Size:
    """How large the candidates' rows print: the larger the better, as long as the paper stays on one page."""

    row: float
    box: float
    font: float


#: From the largest down; the first that keeps a paper on one page is used (one column, then two).
_SIZES: Final = (
    _Size(row=14 * mm, box=10 * mm, font=13),
    _Size(row=12 * mm, box=9 * mm, font=12),
    _Size(row=10 * mm, box=7.5 * mm, font=11),
    _Size(row=8.5 * mm, box=6.5 * mm, font=10),
    _Size(row=7.5 * mm, box=6 * mm, font=9.5),
)
#: The height a page's story gets (what :func:`osgo_desktop.reports.layout.render` leaves between head and foot).
_FRAME_HEIGHT: Final = 297 * mm - 2 * 22 * mm - 2 * FRAME_PADDING
_STAMP_SIZE: Final = 25 * mm
_GAP: Final = 6 * mm


class _Square(Flowable):  # type: ignore[misc]  # reportlab has no type hints
    """An empty square: a box to mark, solid; the place of a stamp, dashed."""

    def __init__(self, size: float, *, dashed: bool = False, weight: float = 1.2) -> None:
        super().__init__()
        self.size = size
        self.dashed = dashed
        self.weight = weight

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(self.weight)
        canvas.setStrokeColor(colors.black if not self.dashed else colors.HexColor("#777777"))
        if self.dashed:
            canvas.setDash(3, 2)
        canvas.rect(0, 0, self.size, self.size, stroke=1, fill=0)
        canvas.restoreState()


def _serial_box(t: Translator, serial: str) -> Table:
    """The paper's serial number, large and framed, for the counting commission to find at a glance."""
    style = ParagraphStyle("serial", fontName=f"{SANS}-Bold", fontSize=20, leading=24, alignment=TA_CENTER)
    box = Table([[para(t.gettext("No. {number}").format(number=serial), style)]], hAlign="RIGHT")
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),  # the default cell font is Helvetica, never embedded
                ("BOX", (0, 0), (-1, -1), 1.5, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return box


def _heading(t: Translator, data: BallotPaperData, serial: str) -> list[Flowable]:
    st = styles()
    title = ParagraphStyle("ballot-title", parent=st.title, fontSize=22, leading=26, alignment=0, spaceAfter=2)
    line = ParagraphStyle("ballot-line", parent=st.body, spaceAfter=0)
    round_text = (t.gettext("Round {number}, runoff") if data.runoff else t.gettext("Round {number}")).format(
        number=data.round_number
    )
    left = [
        para(t.gettext("BALLOT"), title),
        para(t.gettext("Rating vote"), line),
        para(round_text, line),
        para(t.format_date(data.session_date), line),
    ]
    top = Table([[left, _serial_box(t, serial)]], colWidths=[None, 55 * mm])
    top.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    instruction = ParagraphStyle("instruction", parent=st.body, fontName=f"{SERIF}-Bold", alignment=0)
    return [
        para(data.issuer, ParagraphStyle("ballot-issuer", parent=st.subtitle, spaceAfter=4)),
        top,
        spacer(3),
        facts_table(
            [
                (t.gettext("Competition No."), data.competition_number),
                (t.gettext("Competition"), data.competition_title),
            ]
        ),
        spacer(4),
        para(
            t.ngettext(
                "Mark no more than {seats} candidate. A paper with more marks is invalid; a paper with no marks is "
                "blank.",
                "Mark no more than {seats} candidates. A paper with more marks is invalid; a paper with no marks "
                "is blank.",
                data.seats,
            ).format(seats=data.seats),
            instruction,
        ),
        para(
            t.gettext("Put a mark in the box beside the name of each candidate you vote for."),
            ParagraphStyle("ballot-how", parent=st.body, alignment=0),  # not justified: one short sentence
        ),
        spacer(3),
    ]


def _candidates_table(
    t: Translator, data: BallotPaperData, serial: str, columns: int, size: _Size, *, overflow: bool = False
) -> Table:
    """The candidates, ``columns`` side by side, a box each. ``overflow``: the paper runs over a page (too many
    candidates to fit at the smallest size), so a first row with the serial is repeated on every page of it."""
    number_style = ParagraphStyle(
        "ballot-number", fontName=f"{SANS}-Bold", fontSize=size.font, leading=size.font * 1.2, alignment=TA_CENTER
    )
    name_style = ParagraphStyle("ballot-name", fontName=SERIF, fontSize=size.font, leading=size.font * 1.2)
    per_column = -(-len(data.candidates) // columns)
    number_width, box_width = 9 * mm, size.box + 4 * mm
    name_width = (FRAME_WIDTH - (columns - 1) * _GAP) / columns - number_width - box_width
    widths: list[float] = []
    rows: list[list[Any]] = [[] for _ in range(per_column)]
    for column in range(columns):
        if column:
            widths.append(_GAP)
            for row in rows:
                row.append("")
        widths += [number_width, name_width, box_width]
        for index, row in enumerate(rows):
            position = column * per_column + index
            if position < len(data.candidates):
                number, name = data.candidates[position]
                row += [para(str(number), number_style), para(name, name_style), _Square(size.box)]
            else:
                row += ["", "", ""]
    style: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), SERIF),  # the default cell font is Helvetica, never embedded
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        # a row as tall as the size says, taller when a long name wraps
        ("TOPPADDING", (0, 0), (-1, -1), (size.row - size.box) / 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), (size.row - size.box) / 2),
    ]
    first = 0
    if overflow:
        head_style = ParagraphStyle(
            "ballot-continued", fontName=f"{SANS}-Bold", fontSize=10, leading=12, alignment=TA_RIGHT
        )
        rows.insert(0, [para(t.gettext("No. {number}").format(number=serial), head_style)] + [""] * (len(widths) - 1))
        style += [("SPAN", (0, 0), (-1, 0))]
        first = 1
    for column in range(columns):
        left = column * 4
        filled = min(per_column, len(data.candidates) - column * per_column)
        if filled <= 0:
            continue
        last = first + filled - 1
        style += [
            ("LINEABOVE", (left, first), (left + 2, last), 0.4, colors.HexColor("#9a9a9a")),
            ("LINEBELOW", (left, last), (left + 2, last), 0.4, colors.HexColor("#9a9a9a")),
            ("ALIGN", (left + 1, first), (left + 1, last), "LEFT"),
        ]
    table = Table(rows, colWidths=widths, repeatRows=1 if overflow else 0, hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def _counting_commission(t: Translator, lang: str) -> Table:
    """Where a member of the counting commission signs the paper, and stamps it, when it is handed to a voter."""
    st = styles()
    caption = ParagraphStyle(
        "stamp-caption", parent=st.small, fontSize=8, leading=10, alignment=TA_CENTER, textColor=colors.grey
    )
    stamp = [para(t.gettext("Stamp of the counting commission"), caption), spacer(1), _Square(_STAMP_SIZE, dashed=True)]
    stamp_width = _STAMP_SIZE + 20 * mm
    signature_width = FRAME_WIDTH - stamp_width
    signature = signature_block([("", t.gettext("Member of the counting commission"))], lang, width=signature_width)
    table = Table([[signature, stamp]], colWidths=[signature_width, stamp_width], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),  # the default cell font is Helvetica, never embedded
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LINEABOVE", (0, 0), (-1, 0), 0.4, colors.HexColor("#999999")),
                ("TOPPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return table


def _height(flowables: list[Flowable]) -> float:
    total = 0.0
    for flowable in flowables:
        _width, height = flowable.wrap(FRAME_WIDTH, _FRAME_HEIGHT)
        total += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return float(total)


@dataclass(frozen=True)
class _Layout:
    """How the candidates print on every paper of a round."""

    columns: int
    size: _Size
    #: too many to fit a page even at the smallest size
    overflow: bool


def _layout(t: Translator, lang: str, data: BallotPaperData) -> _Layout:
    """The largest layout that keeps a paper on one page, in one column or two; found once for all the papers
    (they differ only in the serial, measured here at its longest)."""
    serial = max(data.serials, key=len, default="")
    heading = _heading(t, data, serial)
    room = _FRAME_HEIGHT - _height(heading) - _height(_footer(t, lang)) - 2 * mm  # a little for rounding
    for columns in (1, 2):
        for size in _SIZES:
            if _height([_candidates_table(t, data, serial, columns, size)]) <= room:
                return _Layout(columns, size, overflow=False)
    # Too many to fit: one column, so that the candidates still read in order from one page to the next.
    return _Layout(1, _SIZES[-1], overflow=True)


def _footer(t: Translator, lang: str) -> list[Flowable]:
    return [spacer(4), _counting_commission(t, lang)]


def _paper(t: Translator, lang: str, data: BallotPaperData, serial: str, layout: _Layout) -> list[Flowable]:
    """One ballot paper."""
    table = _candidates_table(t, data, serial, layout.columns, layout.size, overflow=layout.overflow)
    return [*_heading(t, data, serial), table, *_footer(t, lang)]


def ballot_papers_pdf(data: BallotPaperData, lang: str, issued: dt.date) -> bytes:
    """The ballot papers of one round in ``lang``, one per serial, each on a page of its own, dated ``issued``."""
    t = Translator(lang)
    layout = _layout(t, lang, data)
    story: list[Flowable] = []
    for index, serial in enumerate(data.serials):
        if index:
            story.append(PageBreak())
        story += _paper(t, lang, data, serial, layout)
    meta = DocumentMeta(
        lang=lang,
        issuer=data.issuer,
        title=t.gettext("Ballot paper"),
        number=ballot_document_number(data.competition_number, data.round_number),
        date=issued,
        subject=data.competition_title,
        competition=data.competition_number,
    )
    return render(story, meta)
