"""The documents of the intake: the receipt an applicant gets, and the register of all applications received."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Final, Literal

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from osgo_desktop.domain.profile import LocalText
from osgo_desktop.i18n import N_, Translator, format_size
from osgo_desktop.reports.layout import (
    SERIF,
    DocumentKind,
    DocumentMeta,
    bullets,
    data_table,
    date_time,
    facts_table,
    para,
    protocol_number,
    render,
    section_heading,
    signature_block,
    signatures_section,
    spacer,
    styles,
)

#: How much of a document's SHA-256 the receipt prints: enough for a person to compare with the file.
FINGERPRINT_LENGTH: Final = 16


@dataclass(frozen=True)
class ReceiptDocument:
    """One document file received, as the receipt lists it."""

    type_label: LocalText
    display_name: str
    sha256: str
    size: int
    version: int


@dataclass(frozen=True)
class ReceiptData:
    """What the receipt of one application prints."""

    commission_name: LocalText
    competition_number: str
    #: the state body of a council competition; None for the Commission's own seats
    body: LocalText | None
    registration_number: str
    #: aware, Asia/Bishkek
    received_at: dt.datetime
    channel_label: LocalText
    applicant_name: str
    nominated_by: str
    documents: tuple[ReceiptDocument, ...]
    #: the documents the kind requires that were not handed in, counts already in the text
    missing: tuple[LocalText, ...]
    late: bool
    intake_deadline: dt.date | None
    #: the secretariat member who received the documents
    received_by: str
    #: what was put right in the documents since they were filed (a type changed, a version replaced, a document
    #: withdrawn), one sentence each in the receipt's language, in time order
    changes: tuple[str, ...] = ()


RegisterStatus = Literal["registered", "late", "withdrawn"]

_STATUS_LABELS: Final[dict[RegisterStatus, str]] = {
    "registered": N_("registered"),
    "late": N_("received late"),
    "withdrawn": N_("withdrawn"),
}


@dataclass(frozen=True)
class RegisterRow:
    """One application in the register."""

    number: str
    received_at: dt.datetime
    applicant_name: str
    nominated_by: str
    channel_label: LocalText
    #: how many document files were received
    documents: int
    status: RegisterStatus
    note: str


@dataclass(frozen=True)
class RegisterData:
    """What the application register of one competition prints."""

    commission_name: LocalText
    competition_number: str
    body: LocalText | None
    intake_deadline: dt.date | None
    rows: tuple[RegisterRow, ...]
    #: (name, role) of each person who signs the register
    signatories: tuple[tuple[str, str], ...]


def _competition_facts(
    t: Translator, lang: str, number: str, body: LocalText | None, deadline: dt.date | None
) -> list[tuple[str, str]]:
    facts = [(t.gettext("Competition No."), number)]
    if body is not None:
        facts.append((t.gettext("State body"), body.get(lang)))
    if deadline is not None:
        facts.append((t.gettext("Intake deadline"), t.format_date(deadline)))
    return facts


def _late_notice(text: str) -> Table:
    """A boxed notice that cannot be missed."""
    st = styles()
    box = Table([[para(text, st.label)]], hAlign="LEFT")
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("BOX", (0, 0), (-1, -1), 1.2, colors.HexColor("#8b0000")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f7e4e4")),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box


def receipt_pdf(data: ReceiptData, lang: str, issued: dt.date) -> bytes:
    """The receipt of the documents of one application, in ``lang``, dated ``issued``."""
    t = Translator(lang)
    st = styles()
    commission = data.commission_name.get(lang)

    story: list[Flowable] = [
        para(commission, st.subtitle),
        para(t.gettext("RECEIPT"), st.title),
        para(t.gettext("of the documents of an application"), st.subtitle),
    ]
    facts = [
        (t.gettext("Registration No."), data.registration_number),
        (t.gettext("Received"), date_time(data.received_at, lang)),
        (t.gettext("Channel"), data.channel_label.get(lang)),
        (t.gettext("Applicant"), data.applicant_name),
    ]
    if data.nominated_by:
        facts.append((t.gettext("Nominated by"), data.nominated_by))
    facts += _competition_facts(t, lang, data.competition_number, data.body, data.intake_deadline)
    story.append(facts_table(facts))

    if data.late:
        story += [
            spacer(3),
            _late_notice(t.gettext("Registered, and will not be admitted: received after the deadline.")),
        ]

    story += section_heading(t.gettext("Documents received"))
    if data.documents:
        rows = [
            [
                str(index),
                document.type_label.get(lang),
                document.display_name,
                format_size(document.size, lang),
                document.sha256[:FINGERPRINT_LENGTH],
                str(document.version),
            ]
            for index, document in enumerate(data.documents, start=1)
        ]
        story.append(
            data_table(
                [
                    t.gettext("No."),
                    t.gettext("Document"),
                    t.gettext("File"),
                    t.gettext("Size"),
                    t.gettext("Fingerprint"),
                    t.gettext("Version"),
                ],
                rows,
                [9 * mm, 42 * mm, None, 18 * mm, 34 * mm, 15 * mm],
                align=["right", "left", "left", "right", "left", "center"],
            )
        )
        story.append(spacer(1.5))
        story.append(
            para(
                t.gettext(
                    "The fingerprint is the beginning of the SHA-256 hash of the file as the secretariat keeps it: "
                    "a copy of the file gives the same fingerprint; any change to the file gives another."
                ),
                st.small,
            )
        )
    else:
        story.append(para(t.gettext("No documents were handed in."), st.body))

    if data.changes:
        story.append(para(t.gettext("Documents put right"), st.heading))
        story.append(bullets(list(data.changes)))

    story.append(para(t.gettext("Not handed in"), st.heading))
    if data.missing:
        story.append(bullets([text.get(lang) for text in data.missing]))
    else:
        story.append(para(t.gettext("Every document the competition requires has been handed in."), st.body))

    story += [
        spacer(6),
        signature_block(
            [(data.received_by, t.gettext("Received by")), (data.applicant_name, t.gettext("Handed in by"))], lang
        ),
    ]

    meta = DocumentMeta(
        lang=lang,
        issuer=commission,
        title=t.gettext("Receipt"),
        number=data.registration_number,
        date=issued,
        subject=data.body.get(lang) if data.body else commission,
    )
    return render(story, meta)


def register_pdf(data: RegisterData, lang: str, issued: dt.date) -> bytes:
    """The register of every application received in one competition, in ``lang``, dated ``issued``."""
    t = Translator(lang)
    st = styles()
    commission = data.commission_name.get(lang)
    meta = DocumentMeta(
        lang=lang,
        issuer=commission,
        title=t.gettext("Application register"),
        number=protocol_number(data.competition_number, DocumentKind.REGISTER),
        date=issued,
        subject=data.body.get(lang) if data.body else commission,
        landscape=True,  # eight columns of names and dates
    )

    story: list[Flowable] = [
        para(commission, st.subtitle),
        para(t.gettext("APPLICATION REGISTER"), st.title),
        facts_table(_competition_facts(t, lang, data.competition_number, data.body, data.intake_deadline)),
        spacer(4),
    ]

    if data.rows:
        rows = [
            [
                row.number,
                date_time(row.received_at, lang, "numeric"),
                row.applicant_name,
                row.nominated_by,
                row.channel_label.get(lang),
                str(row.documents),
                t.gettext(_STATUS_LABELS[row.status]),
                row.note,
            ]
            for row in data.rows
        ]
        flagged = [
            ("BACKGROUND", (6, index), (6, index), colors.HexColor("#f7e4e4"))
            for index, row in enumerate(data.rows, start=1)
            if row.status != "registered"
        ]
        story.append(
            data_table(
                [
                    t.gettext("No."),
                    t.gettext("Received"),
                    t.gettext("Applicant"),
                    t.gettext("Nominated by"),
                    t.gettext("Channel"),
                    t.gettext("Documents"),
                    t.gettext("Status"),
                    t.gettext("Note"),
                ],
                rows,
                [22 * mm, 27 * mm, 45 * mm, 45 * mm, 28 * mm, 24 * mm, 25 * mm, None],  # «Документтер» whole
                align=["left", "left", "left", "left", "left", "right", "left", "left"],
                extra_style=flagged,
            )
        )
    else:
        story.append(para(t.gettext("No applications have been received."), st.body))

    counts = Counter(row.status for row in data.rows)
    totals = [
        para(t.gettext("Totals"), st.heading),
        facts_table(
            [
                (t.gettext("Applications received"), str(len(data.rows))),
                (t.gettext("Registered in time"), str(counts["registered"])),
                (t.gettext("Received after the deadline"), str(counts["late"])),
                (t.gettext("Withdrawn"), str(counts["withdrawn"])),
            ]
        ),
    ]
    # the totals go with the first signatures: a last page of signatures alone would sign nothing one can see
    story += signatures_section(t.gettext("Signatures"), [("", data.signatories)], lang, lead=totals)
    return render(story, meta)
