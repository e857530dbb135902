"""The Commission's decision on filling a vacancy from a reserve list, in Kyrgyz or Russian.

A document of its own, numbered after the competition whose reserve list was used ("2026/04-R1"), with the
fingerprint of its basis in that competition's record, the QR code and the signature lines, like the protocols.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from osgo_desktop.i18n import Translator
from osgo_desktop.reports.layout import (
    FIRST_EDITION,
    DocumentMeta,
    Edition,
    copy_number,
    data_table,
    facts_table,
    para,
    place_and_date,
    render,
    signatures_section,
    spacer,
    stamp_place,
    styles,
)

#: a blank to fill by hand
BLANK: Final = "____________"


def fill_number(competition_number: str, sequence: int) -> str:
    """The number of the ``sequence``-th decision on filling a vacancy from a competition's reserve list:
    ``2026/04-R1``, ``2026/04-R2`` … (the register is ``2026/04-R``, without a figure)."""
    if sequence < 1:
        raise ValueError(f"sequence {sequence}")
    return f"{competition_number}-R{sequence}"


@dataclass(frozen=True)
class PassedOver:
    name: str
    #: why, in the document's language
    reason: str


@dataclass(frozen=True)
class VacancyFillData:
    """What the decision prints; every text already in the document's language."""

    issuer: str
    number: str
    #: the competition whose reserve list is used, and its decision on the composition ("2026/04-D")
    competition_number: str
    decision_number: str
    #: the council's body as named, and as the sentence takes it; None for the Commission's civil-society seats
    body: str | None
    body_phrase: str | None
    legal_basis: str
    place: str
    decided_on: dt.date
    seats: int
    term_start: dt.date
    term_end: dt.date
    vacated_name: str
    vacated_organization: str
    left_on: dt.date
    #: the reason in words, with the note when there is one
    left_reason: str
    #: the last day to fill it, and the days the law gives; None: no deadline
    deadline: dt.date | None
    deadline_days: int | None
    chosen_name: str
    chosen_organization: str
    starts_on: dt.date
    ends_on: dt.date
    passed_over: tuple[PassedOver, ...]
    #: (name, role) of those who sign: the Commission's chair and secretary
    signatories: tuple[tuple[str, str], ...]
    fingerprint: str | None = None
    #: the version printed, with the amendments made to it
    edition: Edition = FIRST_EDITION


def vacancy_fill_pdf(data: VacancyFillData, lang: str, issued: dt.date) -> bytes:
    """The decision on filling a vacancy in ``lang`` (ky or ru), dated ``issued``."""
    t = Translator(lang)
    st = styles()
    if data.body_phrase is None:
        subject = t.gettext("on filling a vacancy among the members of the Commission from civil society")
    else:
        subject = t.gettext("on filling a vacancy in the Public Council under {body}").format(body=data.body_phrase)
    if data.deadline is None:
        deadline = t.gettext("not set by the law")
    else:
        deadline = t.ngettext(
            "{date} ({count} calendar day from the vacancy)",
            "{date} ({count} calendar days from the vacancy)",
            data.deadline_days or 0,
        ).format(date=t.format_date(data.deadline), count=data.deadline_days)
    facts: list[tuple[str, str]] = [(t.gettext("Reserve list of competition No."), data.competition_number)]
    if data.body is not None:
        facts.append((t.gettext("State body"), data.body))
    facts += [
        (t.gettext("Seats"), str(data.seats)),
        (
            t.gettext("Term of the composition"),
            f"{t.format_date(data.term_start)} – {t.format_date(data.term_end)}",
        ),
        (t.gettext("Seat vacated by"), _with_organization(data.vacated_name, data.vacated_organization)),
        (t.gettext("Left the seat"), f"{t.format_date(data.left_on)}: {data.left_reason}"),
        (t.gettext("Deadline for filling the vacancy"), deadline),
    ]
    story: list[Flowable] = [
        para(data.issuer, st.subtitle),
        para(t.gettext("DECISION {subject}").format(subject=subject), st.title),
        para(t.gettext("No. {number}").format(number=data.number), st.subtitle),
        copy_number(lang),
        place_and_date(data.place, t.format_date(data.decided_on)),
        spacer(3),
        facts_table(facts),
        spacer(3),
        para(
            t.gettext(
                "{legal_basis}, as the seat fell vacant, and in accordance with the reserve list approved by decision "
                "No. {decision}, the Commission decided:"
            ).format(legal_basis=data.legal_basis, decision=data.decision_number),
            st.body,
        ),
    ]
    if data.body_phrase is None:
        seat = t.gettext(
            "1. To seat as a member of the Commission from civil society, for the rest of the vacated term ({start} – "
            "{end}), the next eligible candidate on the reserve list: {chosen}. The seat was vacated by: {vacated}."
        )
    else:
        seat = t.gettext(
            "1. To seat as a member of the Public Council under {body}, for the rest of the vacated term ({start} – "
            "{end}), the next eligible candidate on the reserve list: {chosen}. The seat was vacated by: {vacated}."
        )
    story.append(
        para(
            seat.format(
                chosen=_with_organization(data.chosen_name, data.chosen_organization),
                body=data.body_phrase,
                vacated=data.vacated_name,
                start=t.format_date(data.starts_on),
                end=t.format_date(data.ends_on),
            ),
            st.body,
        )
    )
    if data.passed_over:
        story.append(
            para(
                t.gettext("2. Candidates of the reserve list before them were passed over, for these reasons:"), st.body
            )
        )
        story.append(
            data_table(
                [t.gettext("No."), t.gettext("Candidate"), t.gettext("Reason")],
                [[str(i), p.name, p.reason] for i, p in enumerate(data.passed_over, start=1)],
                [9 * mm, 60 * mm, None],
                align=["right", "left", "left"],
            )
        )
    else:
        story.append(para(t.gettext("2. No candidate of the reserve list before them was passed over."), st.body))
    if data.body_phrase is None:
        publish = t.gettext("3. To publish this decision in the media.")
    else:
        publish = t.gettext("3. To publish this decision on the official website of the state body and in the media.")
    story += signatures_section(
        t.gettext("Signatures"),
        [("", data.signatories)],
        lang,
        lead=[para(publish, st.body)],
        stamp=stamp_place(lang),
    )
    meta = DocumentMeta(
        lang=lang,
        issuer=data.issuer,
        title=t.gettext("Decision on filling a vacancy"),
        number=data.number,
        date=issued,
        subject=data.body or data.issuer,
        competition=data.competition_number,
        fingerprint=data.fingerprint,
        edition=data.edition,
    )
    return render(story, meta)


def _with_organization(name: str, organization: str) -> str:
    return f"{name} ({organization})" if organization else name
