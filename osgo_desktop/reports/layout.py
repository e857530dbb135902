"""The one layout of every document: A4, embedded PT fonts, the Commission's name at the head, the document's
number and date, "page X of Y" at the foot. Documents build a story of flowables and hand it to :func:`render`."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import Flowable, ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table
from reportlab.platypus import TableStyle as RLTableStyle

from osgo_desktop import __version__
from osgo_desktop.fonts import STYLES, font_file
from osgo_desktop.i18n import Translator

SERIF = "PTSerif"
SANS = "PTSans"
MARGIN = 20 * mm


@cache
def register_fonts() -> None:
    """Register the PT families with reportlab (TrueType: embedded, subset, in every PDF)."""
    for family, name in (("PT Serif", SERIF), ("PT Sans", SANS)):
        for style in STYLES:
            suffix = "" if style == "Regular" else f"-{style}"
            pdfmetrics.registerFont(TTFont(f"{name}{suffix}", str(font_file(family, style))))
        pdfmetrics.registerFontFamily(
            name, normal=name, bold=f"{name}-Bold", italic=f"{name}-Italic", boldItalic=f"{name}-BoldItalic"
        )


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
        ),
        title=ParagraphStyle(
            "title",
            parent=body,
            fontName=f"{SERIF}-Bold",
            fontSize=16,
            leading=20,
            alignment=TA_CENTER,
            spaceAfter=6,
        ),
        subtitle=ParagraphStyle("subtitle", parent=body, fontSize=12, leading=15, alignment=TA_CENTER, spaceAfter=10),
        label=ParagraphStyle("label", parent=body, fontName=f"{SANS}-Bold", fontSize=10, leading=13, alignment=0),
        cell=ParagraphStyle("cell", parent=body, alignment=0, spaceAfter=0),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped: a name with "<" or "&" prints as written)."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


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
    table = Table(
        [[para(k, st.label), para(v, st.cell)] for k, v in rows],
        colWidths=[55 * mm, None],
        repeatRows=0,
        splitInRow=1,
    )
    table.setStyle(
        RLTableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),  # the default cell font is Helvetica, never embedded
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.grey),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


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


class _NumberedCanvas(rl_canvas.Canvas):  # type: ignore[misc]  # reportlab has no type hints
    """Defers page output until the end, so every page can say "page X of Y" (reportlab's known recipe)."""

    meta: DocumentMeta

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []

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
        width, height = A4
        self.saveState()
        self.setFont(SANS, 8.5)
        self.setFillColor(colors.HexColor("#444444"))
        self.drawString(MARGIN, height - 12 * mm, meta.issuer)
        self.drawRightString(width - MARGIN, height - 12 * mm, t.gettext("No. {number}").format(number=meta.number))
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
        self.restoreState()


def render(story: list[Flowable], meta: DocumentMeta) -> bytes:
    """The PDF bytes of ``story`` laid out on A4 with the house head and foot."""
    register_fonts()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
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
    doc.build(list(story), canvasmaker=Canvas)
    return buffer.getvalue()


def spacer(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)
