"""The protocol of the screening of applications: who is admitted to the competition, who is not and why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether

from osgo_desktop.domain.numwords import figure
from osgo_desktop.domain.profile import LocalText
from osgo_desktop.i18n import Translator
from osgo_desktop.reports.layout import (
    FIRST_EDITION,
    FRAME_WIDTH,
    Align,
    DocumentMeta,
    Edition,
    copy_number,
    data_table,
    facts_table,
    para,
    place_and_date,
    render,
    section_heading,
    signatures_section,
    spacer,
    stamp_place,
    styles,
)

#: The marks of the criteria grid. PT Serif has no check mark or ballot cross: plain signs it does have.
MET: Final = "+"
NOT_MET: Final = "−"  # U+2212 MINUS SIGN
UNDECIDED: Final = "?"
NOT_APPLICABLE: Final = "·"


@dataclass(frozen=True)
class CriterionColumn:
    """A criterion of the screening; ``label`` already in the document's language."""

    code: str
    label: str


@dataclass(frozen=True)
class ScreeningRow:
    """The result of one application."""

    number: str
    applicant_name: str
    nominated_by: str
    admitted: bool
    #: why not admitted, already in the document's language (empty when admitted)
    reasons: tuple[str, ...]
    #: criterion code → met (True), not met (False), not decided (None); a code absent does not apply
    results: Mapping[str, bool | None]
    #: withdrawn by the applicant: listed apart, neither admitted nor rejected by the Commission
    withdrawn: bool = False


@dataclass(frozen=True)
class ConflictRow:
    """A conflict of interest a Commission member declared towards a candidate: the member stood aside from the
    decisions on that candidate."""

    member_name: str
    applicant_name: str
    reason: str
    #: the candidate's registration number ("" on papers made before it was printed)
    number: str = ""


@dataclass(frozen=True)
class SessionFacts:
    """The Commission's session at which the applications were screened, as recorded."""

    held_on: dt.date
    #: in the document's language
    place: str
    start_time: str
    end_time: str
    members_total: int
    quorum: int
    chair: str
    secretary: str
    #: the members present and the active members absent, in Kyrgyz alphabetical order
    present: tuple[str, ...]
    absent: tuple[str, ...]

    @property
    def quorum_met(self) -> bool:
        return len(self.present) >= self.quorum


@dataclass(frozen=True)
class ScreeningData:
    """What the screening protocol of one competition prints."""

    commission_name: LocalText
    competition_number: str
    body: LocalText | None
    kind_label: str
    #: the number the issued protocol carries; a draft prints none
    protocol_number: str
    #: the session (None only on a draft read before the session is recorded)
    session: SessionFacts | None
    criteria: tuple[CriterionColumn, ...]
    rows: tuple[ScreeningRow, ...]
    conflicts: tuple[ConflictRow, ...]
    #: (name, role): the chair and the secretary of the session, then every member present (Kyrgyz order)
    signatories: tuple[tuple[str, str], ...]
    #: the clause the protocol opens with ("In accordance with the Law …"), from the regulation profile
    legal_basis: str = ""
    #: objections and dissenting opinions stated at the session ("" prints "none")
    objections: str = ""
    dissent: str = ""
    #: read before it is issued: "DRAFT" across every page, no number, no fingerprint
    draft: bool = False
    #: SHA-256 of the record the protocol is made from, printed with its QR code (None: a draft print)
    fingerprint: str | None = None
    #: the protocol's version and the corrections made after the close (see services/protocols)
    edition: Edition = FIRST_EDITION

    def __post_init__(self) -> None:
        if not self.draft and self.session is None:
            raise ValueError("an issued screening protocol prints its session: record it first")
        if self.draft and self.fingerprint is not None:
            raise ValueError("a draft carries no fingerprint")


def _mark(result: bool | None, applies: bool) -> str:
    if not applies:
        return NOT_APPLICABLE
    if result is None:
        return UNDECIDED
    return MET if result else NOT_MET


def _criteria_grid(t: Translator, data: ScreeningData) -> list[Flowable]:
    st = styles()
    legend = [
        para(t.gettext("{number}: {criterion}").format(number=index, criterion=criterion.label), st.small)
        for index, criterion in enumerate(data.criteria, start=1)
    ]
    # The criteria columns as wide as a mark needs (up to 14 mm); the candidate's name takes the rest.
    number_width = 22 * mm
    column = min(14 * mm, (FRAME_WIDTH - number_width - 40 * mm) / len(data.criteria))
    rows = [
        [
            row.number,
            row.applicant_name,
            *(_mark(row.results.get(c.code), c.code in row.results) for c in data.criteria),
        ]
        for row in data.rows
    ]
    failed = [
        ("BACKGROUND", (2 + col, index), (2 + col, index), colors.HexColor("#f7e4e4"))
        for index, row in enumerate(data.rows, start=1)
        for col, criterion in enumerate(data.criteria)
        if row.results.get(criterion.code, True) is False
    ]
    centred: list[Align] = ["center"] * len(data.criteria)
    align: list[Align] = ["left", "left", *centred]
    grid = data_table(
        [t.gettext("Reg. No."), t.gettext("Candidate"), *(str(i) for i in range(1, len(data.criteria) + 1))],
        rows,
        [number_width, None, *([column] * len(data.criteria))],
        align=align,
        extra_style=failed,
    )
    key = t.gettext("{met} met; {not_met} not met; {undecided} not decided; {not_applicable} does not apply.").format(
        met=MET, not_met=NOT_MET, undecided=UNDECIDED, not_applicable=NOT_APPLICABLE
    )
    # the legend directly above the grid, kept with it: numbers in a header are read against it
    return [
        KeepTogether(
            [
                para(t.gettext("Results by criterion"), st.heading),
                *legend,
                spacer(2),
                grid,
                spacer(1),
                para(key, st.small),
            ]
        ),
    ]


def _numbered(rows: tuple[tuple[str, str], ...] | tuple[str, ...]) -> list[list[str]]:
    return [[str(index), *((row,) if isinstance(row, str) else row)] for index, row in enumerate(rows, start=1)]


def _session(t: Translator, data: ScreeningData) -> list[Flowable]:
    """When and where the Commission met, who was present and absent, and the quorum."""
    st = styles()
    session = data.session
    if session is None:
        return [para(t.gettext("The screening session is not recorded yet."), st.body)]
    present = len(session.present)
    story: list[Flowable] = [
        para(t.gettext("Attendance"), st.heading),
        facts_table(
            [
                (
                    t.gettext("Time of the session"),
                    t.gettext("from {start} to {end}").format(start=session.start_time, end=session.end_time),
                ),
                (t.gettext("Members of the Commission"), figure(session.members_total, t.lang)),
                (t.gettext("Present"), figure(present, t.lang)),
                (t.gettext("Absent"), figure(max(session.members_total - present, len(session.absent)), t.lang)),
                (
                    t.gettext("Quorum"),
                    t.ngettext("{quorum} member: {met}", "{quorum} members: {met}", session.quorum).format(
                        quorum=figure(session.quorum, t.lang),
                        met=t.gettext("met") if session.quorum_met else t.gettext("not met"),
                    ),
                ),
                (t.gettext("Chair of the session"), session.chair or "—"),
                (t.gettext("Secretary of the session"), session.secretary or "—"),
            ]
        ),
        *section_heading(t.gettext("Commission members present ({count})").format(count=present)),
        data_table(
            [t.gettext("No."), t.gettext("Member of the Commission"), t.gettext("Role")],
            _numbered(data.signatories),
            [9 * mm, None, 45 * mm],
            align=["right", "left", "left"],
        ),
        *section_heading(t.gettext("Commission members absent ({count})").format(count=len(session.absent))),
    ]
    if session.absent:
        story.append(
            data_table(
                [t.gettext("No."), t.gettext("Member of the Commission")],
                _numbered(session.absent),
                [9 * mm, None],
                align=["right", "left"],
            )
        )
    else:
        story.append(para(t.gettext("No member of the Commission was absent."), st.body))
    if session.quorum_met:
        story.append(para(t.gettext("The quorum is met: the session is competent to decide."), st.body))
    return story


def _objections(t: Translator, data: ScreeningData) -> list[Flowable]:
    return [
        *section_heading(t.gettext("Objections and dissenting opinions")),
        facts_table(
            [
                (t.gettext("Objections"), data.objections.strip() or t.gettext("none")),
                (t.gettext("Dissenting opinions"), data.dissent.strip() or t.gettext("none")),
            ]
        ),
    ]


def screening_protocol_pdf(data: ScreeningData, lang: str, issued: dt.date) -> bytes:
    """The protocol of the screening of the applications of one competition, in ``lang``: dated the day of its
    session (``issued``, the day it is printed, only on a draft read before the session is recorded)."""
    t = Translator(lang)
    st = styles()
    commission = data.commission_name.get(lang)
    admitted = [row for row in data.rows if row.admitted]
    rejected = [row for row in data.rows if not row.admitted and not row.withdrawn]
    withdrawn = [row for row in data.rows if row.withdrawn]
    examined = [row for row in data.rows if not row.withdrawn]

    session = data.session
    story: list[Flowable] = [
        para(commission, st.subtitle),
        para(t.gettext("Protocol of the screening of candidates"), st.title),
    ]
    if data.draft:
        story.append(para(t.gettext("DRAFT"), st.subtitle))
        story.append(para(t.gettext("For reading only: the protocol gets its number when it is issued."), st.small))
    else:
        story.append(para(t.gettext("No. {number}").format(number=data.protocol_number), st.subtitle))
        story.append(copy_number(lang))
    if session is not None:
        story.append(place_and_date(session.place, t.format_date(session.held_on)))
    story.append(spacer(3))
    facts = [
        (t.gettext("Competition No."), data.competition_number),
        (t.gettext("Kind of competition"), data.kind_label),
    ]
    if data.body is not None:
        facts.append((t.gettext("State body"), data.body.get(lang)))
    story += [facts_table(facts), spacer(3), *_session(t, data), spacer(3)]
    story += [
        para(
            t.gettext(
                "{legal_basis}, the Commission examined the applications received in the competition against the "
                "requirements for candidates and the documents required, and decided as follows."
            ).format(legal_basis=data.legal_basis),
            st.body,
        ),
    ]

    story += section_heading(t.gettext("Admitted to the competition ({count})").format(count=len(admitted)))
    if admitted:
        story.append(
            data_table(
                [t.gettext("No."), t.gettext("Reg. No."), t.gettext("Candidate"), t.gettext("Nominated by")],
                [
                    [str(index), row.number, row.applicant_name, row.nominated_by]
                    for index, row in enumerate(admitted, start=1)
                ],
                [9 * mm, 22 * mm, 65 * mm, None],
                align=["right", "left", "left", "left"],
            )
        )
    else:
        story.append(para(t.gettext("No candidate is admitted."), st.body))

    story += section_heading(t.gettext("Not admitted to the competition ({count})").format(count=len(rejected)))
    if rejected:
        story.append(
            data_table(
                [
                    t.gettext("No."),
                    t.gettext("Reg. No."),
                    t.gettext("Candidate"),
                    t.gettext("Nominated by"),
                    t.gettext("Reasons"),
                ],
                [
                    [
                        str(index),
                        row.number,
                        row.applicant_name,
                        row.nominated_by,
                        "\n".join(f"• {reason}" for reason in row.reasons) or "—",
                    ]
                    for index, row in enumerate(rejected, start=1)
                ],
                [9 * mm, 22 * mm, 40 * mm, 36 * mm, None],
                align=["right", "left", "left", "left", "left"],
            )
        )
    else:
        story.append(para(t.gettext("Every candidate is admitted."), st.body))

    if withdrawn:
        story += section_heading(t.gettext("Withdrawn by the applicants ({count})").format(count=len(withdrawn)))
        story.append(
            data_table(
                [t.gettext("No."), t.gettext("Reg. No."), t.gettext("Candidate"), t.gettext("Nominated by")],
                [
                    [str(index), row.number, row.applicant_name, row.nominated_by]
                    for index, row in enumerate(withdrawn, start=1)
                ],
                [9 * mm, 24 * mm, None, 55 * mm],
                align=["right", "left", "left", "left"],
            )
        )

    story += section_heading(t.gettext("Declarations of conflict of interest"))
    if data.conflicts:
        story.append(
            para(
                t.gettext(
                    "Each member named below stood aside: they took no part in the Commission's decisions on the "
                    "candidate named beside them."
                ),
                st.body,
            )
        )
        story.append(
            data_table(
                [
                    t.gettext("No."),
                    t.gettext("Member of the Commission"),
                    t.gettext("Stood aside from the decision on"),
                    t.gettext("Reason"),
                ],
                [
                    [
                        str(index),
                        c.member_name,
                        f"{c.number} {c.applicant_name}".strip(),
                        c.reason,
                    ]
                    for index, c in enumerate(data.conflicts, start=1)
                ],
                [9 * mm, 50 * mm, 55 * mm, None],
                align=["right", "left", "left", "left"],
            )
        )
    else:
        story.append(para(t.gettext("No member of the Commission declared a conflict of interest."), st.body))

    if data.criteria and data.rows:
        story += _criteria_grid(t, data)

    story += _objections(t, data)

    summary = [
        para(t.gettext("Summary"), st.heading),
        facts_table(
            [
                (t.gettext("Applications examined"), figure(len(examined), lang)),
                (t.gettext("Admitted"), figure(len(admitted), lang)),
                (t.gettext("Not admitted"), figure(len(rejected), lang)),
                *([(t.gettext("Withdrawn"), figure(len(withdrawn), lang))] if withdrawn else []),
                (t.gettext("Conflicts of interest declared"), figure(len(data.conflicts), lang)),
            ]
        ),
    ]
    # the summary goes with the first signatures: a page of signatures alone would sign nothing one can see
    story += signatures_section(
        t.gettext("Signatures"), [("", data.signatories)], lang, lead=summary, stamp=stamp_place(lang)
    )

    meta = DocumentMeta(
        lang=lang,
        issuer=commission,
        title=t.gettext("Screening protocol"),
        number="" if data.draft else data.protocol_number,
        # the protocol is dated the day the Commission met, not the day it is printed
        date=session.held_on if session is not None else issued,
        subject=data.body.get(lang) if data.body else commission,
        competition=data.competition_number,
        fingerprint=data.fingerprint,
        edition=data.edition,
        draft=data.draft,
    )
    return render(story, meta)
