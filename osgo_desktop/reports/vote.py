"""The documents of the rating vote: the protocol of a round, the counting commission's ballot-by-ballot tally sheet,
and the Commission's decision on the composition. Data in, PDF out: every text already in the document's language
except the document's own words."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Table

from osgo_desktop.domain.ballot_entry import format_marks
from osgo_desktop.domain.fingerprint import grouped
from osgo_desktop.domain.numwords import figure, in_words
from osgo_desktop.domain.protocol_facts import term_end
from osgo_desktop.domain.voting import STANDING_LABELS, Standing, pending_text, runoff_opened_text
from osgo_desktop.i18n import Translator
from osgo_desktop.reports.layout import (
    FIRST_EDITION,
    FRAME_WIDTH,
    SANS,
    DocumentKind,
    DocumentMeta,
    Edition,
    copy_number,
    data_table,
    date_time,
    facts_table,
    fit_cell,
    para,
    place_and_date,
    protocol_number,
    render,
    section_heading,
    signatures_section,
    spacer,
    stamp_place,
    styles,
)

#: how a paper counts
PaperStatus = Literal["valid", "blank", "invalid"]

#: the rows of elected candidates stand out on paper, in grey as well as in colour
#: up to this many reserve candidates are listed by name in a round's protocol; more are read off its ranking
RESERVE_LISTED: Final = 30
_ELECTED_FILL: Final = colors.HexColor("#e3f1e4")
_TIE_FILL: Final = colors.HexColor("#fff2c6")

Signatory = tuple[str, str]
"""(name, role) of a person who signs."""


# --- the data ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    """A candidate of the round in the tally's order (votes descending; equal votes: Kyrgyz alphabetical)."""

    rank: int
    #: the candidate's number on the ballot paper
    number: int
    name: str
    votes: int
    standing: Standing
    #: why the candidate was passed over, or why their tie is undecided, in the document's language ("" otherwise)
    reason: str = ""
    #: "F" or "M": the words of the result agree with it (Russian "Избрана" / "Избран"); "" when not known
    sex: str = ""
    #: the place after a drawing of lots (see domain.tally.TallyRow.place); 0: the rank
    place: int = 0

    @property
    def place_after_draw(self) -> int:
        return self.place or self.rank


@dataclass(frozen=True)
class InvalidPaper:
    serial: str
    #: why it is invalid, in the document's language
    reason: str


@dataclass(frozen=True)
class SettlementRow:
    """A disagreement between the two entries of a paper, settled against the paper with both present."""

    serial: str
    #: the candidates' numbers the paper is marked for; () for a blank paper; None: struck out, no such paper was in
    #: the ballot box (its serial was typed wrong by one side)
    marks: tuple[int, ...] | None
    note: str
    secretariat: str
    counting: str
    settled_at: dt.datetime


@dataclass(frozen=True)
class TieFacts:
    """A tie at the cut-off and what followed it."""

    #: the tied candidates' numbers on the paper, in the tally's order
    candidates: tuple[int, ...]
    seats: int
    #: the runoff round opened among them; None when none was (yet)
    runoff_round: int | None = None
    #: who is tied, for how many seats and why no rule decides, in the document's language (domain.voting.tie_text)
    explanation: str = ""
    #: the order drawn by lots (numbers on the paper, drawn first first); empty when no lots were drawn
    lot_order: tuple[int, ...] = ()
    #: who of the counting commission entered the drawn order, and their note
    lots_by: str = ""
    lots_note: str = ""
    #: who drew the lots and who witnessed the drawing, as entered with it
    lots_drawn_by: str = ""
    lots_witnesses: str = ""


@dataclass(frozen=True)
class RollEntry:
    """A line of a Commission competition's voter roll as the protocol prints it, with a place to sign for the
    ballot paper."""

    name: str
    #: the candidate's registration number, or the association whose delegate this is
    detail: str
    present: bool


@dataclass(frozen=True)
class StoodAside:
    """A Commission member present who took no ballot in the round: a conflict of interest declared towards a
    candidate on its paper."""

    member: str
    candidate: str
    reason: str


@dataclass(frozen=True)
class VoteProtocolData:
    """What the protocol of one round of the rating vote prints; every text already in the document's language."""

    #: the Commission's name
    issuer: str
    #: the clause the protocol opens with ("In accordance with the Law …"), from the regulation profile
    legal_basis: str
    competition_number: str
    #: the kind of competition ("Public council of a state body")
    kind_label: str
    #: the state body of a council competition; None for the Commission's own seats
    body: str | None
    round_number: int
    #: the round whose tie this one settles; None for the main vote
    runoff_of: int | None
    seats: int
    max_marks: int
    min_votes: int
    session_date: dt.date
    place: str
    #: "10:00"
    start_time: str
    mode_label: str
    members_total: int
    quorum: int
    #: the Commission members present, the chair and the secretary first
    members_present: tuple[Signatory, ...]
    chair: str
    secretary: str
    #: (name, whom they represent) of the counting-commission members present
    counting_present: tuple[Signatory, ...]
    papers_printed: int
    papers_issued: int
    #: found in the ballot box: the papers cast, every one of them counted
    papers_returned: int
    papers_unused: int
    ballots_valid: int
    ballots_blank: int
    ballots_invalid: int
    invalid: tuple[InvalidPaper, ...]
    settlements: tuple[SettlementRow, ...]
    ranking: tuple[RankingRow, ...]
    #: names of the candidates elected in earlier rounds: a runoff counts them for the constraints
    already_elected: tuple[str, ...]
    #: numbers on the paper, in the order elected
    elected: tuple[int, ...]
    #: numbers on the paper, in the reserve's order (the "Reserve" rows of the ranking)
    reserve: tuple[int, ...]
    vacant_seats: int
    tie: TieFacts | None
    #: the SHA-256 of the round's record (printed, with a QR code); None: not printed
    fingerprint: str | None = None
    #: the protocol's version and the corrections made after the close (see services/protocols)
    edition: Edition = FIRST_EDITION
    #: the Commission members absent from the session, by name (in the registry's order)
    members_absent: tuple[str, ...] = ()
    #: the voters on the roll of the session; None: not known (line 1 is then left out)
    voters_on_roll: int | None = None
    #: secret ballots on paper (papers printed, issued, unused, found); False: an open vote by name
    paper_vote: bool = True
    #: what the secretariat entered for the protocol (Bishkek wall-clock "HH:MM"; "" prints a blank)
    vote_began: str = ""
    vote_ended: str = ""
    count_began: str = ""
    count_ended: str = ""
    #: objections and dissenting opinions as said at the session ("" prints "none")
    objections: str = ""
    dissent: str = ""
    #: a Commission competition's voter roll, every line present or not (empty for a council: its members vote)
    voter_roll: tuple[RollEntry, ...] = ()
    #: the roll's voters are the nominating associations' delegates (else the admitted candidates)
    roll_by_delegates: bool = False
    #: the members present who took no ballot in this round, for a declared conflict of interest
    stood_aside: tuple[StoodAside, ...] = ()

    def __post_init__(self) -> None:
        numbers = {row.number for row in self.ranking}
        listed = [*self.elected, *self.reserve, *(self.tie.candidates if self.tie else ())]
        if self.tie is not None:
            listed += list(self.tie.lot_order)
        unknown = sorted(set(listed) - numbers)
        if unknown:
            raise ValueError(f"candidates {unknown} are not in the ranking")

    @property
    def protocol_number(self) -> str:
        return protocol_number(self.competition_number, DocumentKind.VOTE, self.round_number)

    def candidate(self, number: int) -> RankingRow:
        return next(row for row in self.ranking if row.number == number)


@dataclass(frozen=True)
class TallyPaper:
    """One paper as the counting commission counted it."""

    serial: str
    #: the candidates' numbers marked on it, ascending
    marks: tuple[int, ...]
    status: PaperStatus
    #: why it is invalid, in the document's language ("" unless invalid)
    reason: str
    #: the two entries disagreed and the paper settled it
    settled: bool


@dataclass(frozen=True)
class TallySheetData:
    """What the counting commission's tally sheet of one round prints."""

    issuer: str
    competition_number: str
    kind_label: str
    body: str | None
    round_number: int
    runoff_of: int | None
    session_date: dt.date
    max_marks: int
    #: (number on the paper, name)
    candidates: tuple[tuple[int, str], ...]
    papers: tuple[TallyPaper, ...]
    #: candidate number → votes, as the round's tally has them: the papers must add up to exactly these
    votes: Mapping[int, int]
    #: (name, whom they represent) of the counting-commission members present
    counting_present: tuple[Signatory, ...]
    fingerprint: str | None = None
    #: the protocol's version and the corrections made after the close (see services/protocols)
    edition: Edition = FIRST_EDITION
    #: the papers found in the ballot box, as counted at the close (None: not counted, e.g. an open vote)
    papers_found: int | None = None
    #: who entered the papers: (side, names) of the secretariat and of the counting commission, in the document's
    #: language (the entrants' sex is not recorded: the sheet words it in the passive, "entered by")
    entered_by: tuple[tuple[str, str], ...] = ()
    #: the count's times as entered for the round's protocol ("" prints a blank)
    count_began: str = ""
    count_ended: str = ""

    def __post_init__(self) -> None:
        counted = self.totals()
        expected = {number: self.votes.get(number, 0) for number, _name in self.candidates}
        if counted != expected:
            # a sheet that disagrees with the protocol must never be printed
            raise ValueError(f"the papers add up to {counted}, the tally says {expected}")

    @property
    def protocol_number(self) -> str:
        return protocol_number(self.competition_number, DocumentKind.TALLY_SHEET, self.round_number)

    def totals(self) -> dict[int, int]:
        """Votes per candidate number, counted from the valid papers."""
        counts = Counter(mark for paper in self.papers if paper.status == "valid" for mark in paper.marks)
        return {number: counts.get(number, 0) for number, _name in self.candidates}


@dataclass(frozen=True)
class MemberLine:
    """A candidate in the decision: elected, or on the reserve list."""

    name: str
    #: the organisation or association that nominated them, or the document's wording for a self-nomination
    organization: str
    #: the round that decided it, and the votes there
    round_number: int
    votes: int
    #: why a reserve candidate was passed over in the count of the seats (in the document's language), or ""
    passed_over: str = ""
    #: (round, votes) in every round that counted the candidate: the first round, then each runoff that placed them
    rounds: tuple[tuple[int, int], ...] = ()

    @property
    def first_round_votes(self) -> int:
        return self.rounds[0][1] if self.rounds else self.votes

    @property
    def runoff_votes(self) -> tuple[tuple[int, int], ...]:
        return self.rounds[1:]


@dataclass(frozen=True)
class DecisionVote:
    """The Commission's vote on adopting the decision."""

    votes_for: int
    against: int
    abstained: int


@dataclass(frozen=True)
class CompositionDecisionData:
    """What the Commission's decision on the composition prints; every text already in the document's language."""

    issuer: str
    competition_number: str
    kind_label: str
    #: the state body of a council competition, as named; None for the Commission's own seats
    body: str | None
    #: the body's name as the decision's sentences take it (Kyrgyz genitive before "алдындагы", Russian after "при")
    body_phrase: str | None
    #: the clause citing the law the decision rests on ("In accordance with …"), from the regulation profile
    legal_basis: str
    decision_date: dt.date
    place: str
    seats: int
    term_years: int
    #: the day the new composition is formed: the terms run from it (None: not entered, a blank on the paper)
    formation_date: dt.date | None
    #: the rounds of the vote, in order: the decision rests on their protocols
    rounds: tuple[int, ...]
    #: over all rounds, in the order elected
    elected: tuple[MemberLine, ...]
    reserve: tuple[MemberLine, ...]
    vacant_seats: int
    members_total: int
    quorum: int
    #: the chair and the secretary first, then every member present
    members_present: tuple[Signatory, ...]
    chair: str = ""
    secretary: str = ""
    #: the Commission's vote on the decision (None: not entered, blanks on the paper)
    vote: DecisionVote | None = None
    #: as entered; "" prints "none"
    objections: str = ""
    dissent: str = ""
    fingerprint: str | None = None
    #: the protocol's version and the corrections made after the close (see services/protocols)
    edition: Edition = FIRST_EDITION
    #: candidates the cross-cutting rules keep from a seat (another council, the Commission), with the reason in
    #: ``passed_over``: counted, in neither list
    excluded: tuple[MemberLine, ...] = ()
    #: the audit chain's last entry when the decision was issued, ``(seq, hash)``: printed, so that the signed paper
    #: pins the whole chain (docs/decisions.md, "The chain head on the decision"); None prints nothing
    chain_head: tuple[int, str] | None = None

    @property
    def protocol_number(self) -> str:
        return protocol_number(self.competition_number, DocumentKind.DECISION)

    @property
    def term_end(self) -> dt.date | None:
        return None if self.formation_date is None else term_end(self.formation_date, self.term_years)


# --- shared pieces -----------------------------------------------------------------------------------------------


def _competition_facts(t: Translator, number: str, kind_label: str, body: str | None) -> list[tuple[str, str]]:
    facts = [(t.gettext("Competition No."), number), (t.gettext("Kind of competition"), kind_label)]
    if body is not None:
        facts.append((t.gettext("State body"), body))
    return facts


def _round_text(t: Translator, round_number: int, runoff_of: int | None) -> str:
    if runoff_of is None:
        return t.gettext("Round {number}").format(number=round_number)
    return t.gettext("Round {number}: a runoff among the candidates tied in round {tied}").format(
        number=round_number, tied=runoff_of
    )


def _marks_text(t: Translator, marks: Sequence[int]) -> str:
    return format_marks(marks) if marks else t.gettext("blank")


def marks_limit(t: Translator, marks: int) -> str:
    """ "A valid paper has at most N marks.", the one sentence the vote protocol and the tally sheet print."""
    return t.ngettext(
        "A valid paper has at most {count} mark.", "A valid paper has at most {count} marks.", marks
    ).format(count=marks)


def _ordered(items: Sequence[str]) -> Table:
    """A numbered list: the order is what it says (the elected, the reserve, a drawn order). A borderless table of
    plain lines, which splits across pages and costs little even for hundreds of candidates."""
    body = styles().body
    number_width = 10 * mm
    rows = [[f"{index}.", fit_cell(item, FRAME_WIDTH - number_width - 4, body)] for index, item in enumerate(items, 1)]
    table = Table(rows, colWidths=[number_width, FRAME_WIDTH - number_width], hAlign="LEFT", splitByRow=1)
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), body.fontName),
            ("FONTSIZE", (0, 0), (-1, -1), body.fontSize),
            ("LEADING", (0, 0), (-1, -1), body.leading),
            ("ALIGN", (0, 0), (0, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 0.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
    )
    return table


def _numbered(rows: Sequence[tuple[str, ...]]) -> list[list[str]]:
    return [[str(index), *row] for index, row in enumerate(rows, start=1)]


def _meta(
    data: VoteProtocolData | TallySheetData | CompositionDecisionData, lang: str, title: str, issued: dt.date
) -> DocumentMeta:
    """The head and foot of each of the vote's documents: its number, the fingerprint, the edition."""
    return DocumentMeta(
        lang=lang,
        issuer=data.issuer,
        title=title,
        number=data.protocol_number,
        date=issued,
        subject=data.body or data.kind_label,
        competition=data.competition_number,
        fingerprint=data.fingerprint,
        edition=data.edition,
        chain_head=data.chain_head if isinstance(data, CompositionDecisionData) else None,
    )


# --- the vote protocol -------------------------------------------------------------------------------------------

#: a time of day not entered: written in by hand on the paper
TIME_BLANK: Final = "____:____"


@dataclass(frozen=True)
class CountLine:
    """A numbered line of a protocol's count: its number ("6.1" for a line within line 6), what it counts, the
    figure."""

    number: str
    label: str
    value: int


@dataclass(frozen=True)
class ControlRelation:
    """A control relation between numbered lines: ``left`` equals the sum of ``right`` ("="), or is at most it
    ("≤")."""

    left: str
    op: Literal["=", "≤"]
    right: tuple[str, ...]

    def holds(self, values: Mapping[str, int]) -> bool:
        total = sum(values[number] for number in self.right)
        return values[self.left] == total if self.op == "=" else values[self.left] <= total


def count_lines(t: Translator, data: VoteProtocolData) -> tuple[list[CountLine], list[ControlRelation]]:
    """The numbered lines of the count and the relations between them, as the protocol prints and checks them."""
    lines: list[CountLine] = []
    if data.voters_on_roll is not None:
        lines.append(CountLine("1", t.gettext("Voters with a right to a ballot"), data.voters_on_roll))
    relations: list[ControlRelation] = []
    if data.paper_vote:
        lines += [
            CountLine("2", t.gettext("Ballot papers printed"), data.papers_printed),
            CountLine("3", t.gettext("Ballot papers issued to voters"), data.papers_issued),
            CountLine("4", t.gettext("Ballot papers left unused"), data.papers_unused),
            CountLine("5", t.gettext("Ballot papers found in the ballot box"), data.papers_returned),
            CountLine("6", t.gettext("Valid ballot papers"), data.ballots_valid),
            CountLine("6.1", t.gettext("of them without marks"), data.ballots_blank),
            CountLine("7", t.gettext("Invalid ballot papers"), data.ballots_invalid),
        ]
        relations += [
            ControlRelation("2", "=", ("3", "4")),
            ControlRelation("5", "=", ("6", "7")),
            ControlRelation("5", "≤", ("3",)),
            ControlRelation("6.1", "≤", ("6",)),
        ]
        if data.voters_on_roll is not None:
            relations += [ControlRelation("3", "≤", ("1",)), ControlRelation("5", "≤", ("1",))]
    else:
        lines += [
            CountLine("2", t.gettext("Voters who voted"), data.papers_returned),
            CountLine("3", t.gettext("Valid votes"), data.ballots_valid),
            CountLine("3.1", t.gettext("of them without marks"), data.ballots_blank),
            CountLine("4", t.gettext("Invalid votes"), data.ballots_invalid),
        ]
        relations += [ControlRelation("2", "=", ("3", "4")), ControlRelation("3.1", "≤", ("3",))]
        if data.voters_on_roll is not None:
            relations.append(ControlRelation("2", "≤", ("1",)))
    return lines, relations


def _line_ref(t: Translator, number: str) -> str:
    return t.gettext("line {number}").format(number=number)


def _relation_text(t: Translator, relation: ControlRelation, values: Mapping[str, int]) -> tuple[str, str]:
    """("line 2 = line 3 + line 4", "15 = 15 + 0")."""
    names = f" {relation.op} ".join([_line_ref(t, relation.left), " + ".join(_line_ref(t, n) for n in relation.right)])
    figures = f" {relation.op} ".join([str(values[relation.left]), " + ".join(str(values[n]) for n in relation.right)])
    return names, figures


def count_section(t: Translator, lines: Sequence[CountLine], relations: Sequence[ControlRelation]) -> list[Flowable]:
    """The numbered lines, each in figures and in words, then the control relations with the figures and whether
    each holds (a relation that does not hold is printed as such: the paper is not to be signed so)."""
    values = {line.number: line.value for line in lines}
    story: list[Flowable] = [
        data_table(
            [t.gettext("Line"), t.gettext("What is counted"), t.gettext("In figures"), t.gettext("In words")],
            [[line.number, line.label, str(line.value), in_words(line.value, t.lang)] for line in lines],
            [14 * mm, None, 16 * mm, 42 * mm],
            align=["right", "left", "right", "left"],
        ),
    ]
    if relations:
        rows = []
        failing = []
        for index, relation in enumerate(relations, start=1):
            names, figures = _relation_text(t, relation, values)
            holds = relation.holds(values)
            if not holds:
                failing.append(("BACKGROUND", (0, index), (-1, index), _TIE_FILL))
            rows.append([names, figures, t.gettext("holds") if holds else t.gettext("DOES NOT HOLD")])
        story += [
            *section_heading(t.gettext("Control relations"), room=30 * mm),
            data_table(
                [t.gettext("Relation"), t.gettext("Figures"), t.gettext("Check result")],
                rows,
                [None, 40 * mm, 34 * mm],
                align=["left", "left", "left"],
                extra_style=failing,
            ),
        ]
    return story


def _attendance(t: Translator, data: VoteProtocolData) -> list[Flowable]:
    st = styles()
    present = len(data.members_present)
    absent = max(data.members_total - present, len(data.members_absent))
    met = present >= data.quorum
    story: list[Flowable] = [
        para(t.gettext("Attendance"), st.heading),
        facts_table(
            [
                (t.gettext("Members of the Commission"), figure(data.members_total, t.lang)),
                (t.gettext("Present"), figure(present, t.lang)),
                (t.gettext("Absent"), figure(absent, t.lang)),
                (
                    t.gettext("Quorum"),
                    t.ngettext("{quorum} member: {met}", "{quorum} members: {met}", data.quorum).format(
                        quorum=figure(data.quorum, t.lang), met=t.gettext("met") if met else t.gettext("not met")
                    ),
                ),
                (t.gettext("Chair of the session"), data.chair or "—"),
                (t.gettext("Secretary of the session"), data.secretary or "—"),
            ]
        ),
        *section_heading(t.gettext("Commission members present ({count})").format(count=present)),
        data_table(
            [t.gettext("No."), t.gettext("Member of the Commission"), t.gettext("Role")],
            _numbered(data.members_present),
            [9 * mm, None, 45 * mm],
            align=["right", "left", "left"],
        ),
        *section_heading(t.gettext("Commission members absent ({count})").format(count=absent)),
    ]
    if data.members_absent:
        story.append(_ordered(data.members_absent))
        if absent > len(data.members_absent):
            story.append(para(t.gettext("The names of the others absent are not recorded."), st.body))
    elif absent:
        story.append(para(t.gettext("The names of the members absent are not recorded."), st.body))
    else:
        story.append(para(t.gettext("No member of the Commission is absent."), st.body))
    story += section_heading(
        t.gettext("Counting commission present ({count})").format(count=len(data.counting_present))
    )
    if data.counting_present:
        story.append(
            data_table(
                [t.gettext("No."), t.gettext("Member of the counting commission"), t.gettext("Represents")],
                _numbered(data.counting_present),
                [9 * mm, 70 * mm, None],
                align=["right", "left", "left"],
            )
        )
    else:
        story.append(para(t.gettext("No member of the counting commission is recorded as present."), st.body))
    return story


def _voter_roll(t: Translator, data: VoteProtocolData) -> list[Flowable]:
    """A Commission competition's roll: each voter present signs for the ballot paper received; an absent one is
    said so. Then the members present who took no ballot in the round, and why (a declared conflict of interest)."""
    st = styles()
    story: list[Flowable] = []
    if data.voter_roll:
        present = sum(line.present for line in data.voter_roll)
        story += [
            *section_heading(
                t.gettext("Voter roll: {present} present of {total}").format(
                    present=figure(present, t.lang), total=figure(len(data.voter_roll), t.lang)
                ),
                room=40 * mm,
            ),
            para(
                t.gettext("Each voter present signs for the one ballot paper received.")
                if data.paper_vote
                else t.gettext("Each voter present signs against their name."),
                st.body,
            ),
            data_table(
                [
                    t.gettext("No."),
                    t.gettext("Delegate") if data.roll_by_delegates else t.gettext("Candidate"),
                    t.gettext("Association") if data.roll_by_delegates else t.gettext("Registration No."),
                    t.gettext("Signature"),
                ],
                [
                    [str(index), line.name or "—", line.detail, "" if line.present else t.gettext("absent")]
                    for index, line in enumerate(data.voter_roll, start=1)
                ],
                [9 * mm, None, 62 * mm if data.roll_by_delegates else 30 * mm, 40 * mm],
                align=["right", "left", "left", "left"],
                # room to sign in each line
                extra_style=[("TOPPADDING", (0, 1), (-1, -1), 9), ("BOTTOMPADDING", (0, 1), (-1, -1), 9)],
            ),
        ]
    if data.stood_aside:
        story += [
            *section_heading(
                t.gettext("Members present who took no ballot ({count})").format(count=len(data.stood_aside)),
                room=30 * mm,
            ),
            para(
                t.gettext(
                    "A member who declared a conflict of interest towards a candidate on the ballot paper is present "
                    "and counts for the quorum, but takes no ballot in this round."
                ),
                st.body,
            ),
            data_table(
                [t.gettext("No."), t.gettext("Member of the Commission"), t.gettext("Candidate"), t.gettext("Reason")],
                [[str(index), c.member, c.candidate, c.reason] for index, c in enumerate(data.stood_aside, start=1)],
                [9 * mm, 50 * mm, 50 * mm, None],
                align=["right", "left", "left", "left"],
            ),
        ]
    return story


def _ballots(t: Translator, data: VoteProtocolData) -> list[Flowable]:
    st = styles()
    lines, relations = count_lines(t, data)
    story: list[Flowable] = [*section_heading(t.gettext("Ballots")), *count_section(t, lines, relations)]
    if data.invalid:
        story += [
            *section_heading(t.gettext("Invalid papers")),
            data_table(
                [t.gettext("Paper No."), t.gettext("Reason")],
                [[paper.serial, paper.reason] for paper in data.invalid],
                [26 * mm, None],
            ),
        ]
    story += section_heading(t.gettext("Disagreements between the two entries"))
    if data.settlements:
        story += [
            para(
                t.gettext(
                    "Each paper was entered twice, by the secretariat and by the counting commission. Where the two "
                    "entries disagreed, the paper was looked at with both present, and what it says was recorded:"
                ),
                st.body,
            ),
            data_table(
                [
                    t.gettext("Paper No."),
                    t.gettext("What the paper says"),
                    t.gettext("Settled by"),
                    t.gettext("Note"),
                ],
                [
                    [
                        s.serial,
                        _marks_text(t, s.marks)
                        if s.marks is not None
                        else t.gettext("struck out: no such paper in the ballot box"),
                        t.gettext("{secretariat} (secretariat), {counting} (counting commission), {moment}").format(
                            secretariat=s.secretariat,
                            counting=s.counting,
                            moment=date_time(s.settled_at, t.lang, "numeric"),
                        ),
                        s.note or "—",
                    ]
                    for s in data.settlements
                ],
                [26 * mm, 35 * mm, None, 45 * mm],
            ),
        ]
    else:
        story.append(para(t.gettext("The two entries of every paper agreed."), st.body))
    return story


def _sexed_elected(t: Translator, sex: str) -> str:
    if sex == "F":
        return t.pgettext("female", "Elected")
    if sex == "M":
        return t.pgettext("male", "Elected")
    return t.gettext("Elected")


def _sexed_skipped(t: Translator, sex: str) -> str:
    if sex == "F":
        return t.pgettext("female", "Skipped")
    if sex == "M":
        return t.pgettext("male", "Skipped")
    return t.gettext("Skipped")


def _sexed_passed_over(t: Translator, sex: str) -> str:
    if sex == "F":
        return t.pgettext("female", "{status}, passed over: {reason}")
    if sex == "M":
        return t.pgettext("male", "{status}, passed over: {reason}")
    return t.gettext("{status}, passed over: {reason}")


def standing_text(t: Translator, row: RankingRow) -> str:
    """What became of the candidate, in words that agree with their sex where the language has it."""
    label = STANDING_LABELS[row.standing]
    if not label:
        return "—"
    if row.standing == "elected":
        text = _sexed_elected(t, row.sex)
    elif row.standing == "skipped":
        text = _sexed_skipped(t, row.sex)
    else:
        text = t.gettext(label)
    if not row.reason:
        return text
    if row.standing in ("skipped", "tie"):
        return t.gettext("{status}: {reason}").format(status=text, reason=row.reason)
    return _sexed_passed_over(t, row.sex).format(status=text, reason=row.reason)


def _drawn(data: VoteProtocolData) -> bool:
    return data.tie is not None and bool(data.tie.lot_order)


def _ranking(t: Translator, data: VoteProtocolData) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [*section_heading(t.gettext("Tally and ranking"))]
    notes = [
        t.gettext("Seats filled by this round: {seats}.").format(seats=figure(data.seats, t.lang))
        + " "
        + marks_limit(t, data.max_marks)
    ]
    if data.min_votes:
        notes.append(
            t.ngettext(
                "A candidate needs at least {count} vote to be elected.",
                "A candidate needs at least {count} votes to be elected.",
                data.min_votes,
            ).format(count=data.min_votes)
        )
    if data.already_elected:
        notes.append(
            t.gettext("Elected in earlier rounds, counted for the composition rules: {names}.").format(
                names=", ".join(data.already_elected)
            )
        )
    drawn = _drawn(data)
    if drawn:
        notes.append(
            t.gettext(
                "Candidates with equal votes take their places after the draw in the order drawn by lots; the "
                "table lists them in that order."
            )
        )
    story += [para(note, st.body) for note in notes]
    # a drawing of lots orders the ranking: the places after the draw, then (equal places) the tally's order
    ranking = sorted(data.ranking, key=lambda row: row.place_after_draw) if drawn else list(data.ranking)
    fills = [
        ("BACKGROUND", (0, index), (-1, index), _ELECTED_FILL if row.standing == "elected" else _TIE_FILL)
        for index, row in enumerate(ranking, start=1)
        if row.standing in ("elected", "tie")
    ]
    if drawn:
        header = [
            t.gettext("Rank"),
            t.gettext("Place after the draw"),
            t.gettext("No."),
            t.gettext("Candidate"),
            t.gettext("Votes"),
            t.gettext("Result"),
        ]
        rows = [
            [str(r.rank), str(r.place_after_draw), str(r.number), r.name, _votes(t, r.votes), standing_text(t, r)]
            for r in ranking
        ]
        # the header's longest word ("Чүчүкулактан", "жеребьёвки") fits its column whole: no word broken
        widths: list[float | None] = [12 * mm, 25 * mm, 10 * mm, None, 32 * mm, 34 * mm]
        align: list[Literal["left", "center", "right"]] = ["right", "right", "right", "left", "left", "left"]
    else:
        header = [t.gettext("Rank"), t.gettext("No."), t.gettext("Candidate"), t.gettext("Votes"), t.gettext("Result")]
        rows = [[str(r.rank), str(r.number), r.name, _votes(t, r.votes), standing_text(t, r)] for r in ranking]
        widths = [12 * mm, 10 * mm, None, 38 * mm, 46 * mm]
        align = ["right", "right", "left", "left", "left"]
    story.append(data_table(header, rows, widths, align=align, extra_style=fills))
    return story


def _votes(t: Translator, votes: int) -> str:
    return figure(votes, t.lang)


def _result(t: Translator, data: VoteProtocolData) -> list[Flowable]:
    st = styles()
    label = ParagraphStyle("result-label", parent=st.label, spaceBefore=5, spaceAfter=2, keepWithNext=True)
    # the heading goes to a page with the list of the elected it introduces (split only when no page holds them)
    opening: list[Flowable] = [
        para(t.gettext("Result of the round"), st.heading),
        para(t.gettext("Elected ({count}), in the order elected:").format(count=len(data.elected)), label),
    ]
    if data.elected:
        opening.append(_ordered([_candidate_line(t, data.candidate(n)) for n in data.elected]))
    else:
        opening.append(para(t.gettext("Nobody is elected in this round."), st.body))
    story: list[Flowable] = [KeepTogether(opening)]
    story.append(para(t.gettext("Reserve list, in order:"), label))
    if len(data.reserve) > RESERVE_LISTED:
        # The ranking above already is the reserve list: its "Reserve" rows, in its order (the tally's). Hundreds
        # of names printed twice make the protocol no more exact; the decision on the composition lists them.
        story.append(
            para(
                t.ngettext(
                    "The {count} candidate marked “Reserve” in the ranking above, in that order; the decision on "
                    "the composition lists it by name.",
                    "The {count} candidates marked “Reserve” in the ranking above, in that order; the decision on "
                    "the composition lists them by name.",
                    len(data.reserve),
                ).format(count=len(data.reserve)),
                st.body,
            )
        )
    elif data.reserve:
        story.append(_ordered([_candidate_line(t, data.candidate(n)) for n in data.reserve]))
    else:
        story.append(para(t.gettext("The reserve list is empty."), st.body))
    pending = [row for row in data.ranking if row.standing == "pending"]
    if pending:
        story.append(para(pending_text(len(pending), t), st.body))
    story.append(para(t.gettext("Vacant seats"), label))
    if data.vacant_seats:
        why = t.ngettext(
            "{count} seat stays vacant: no admissible candidate could fill it.",
            "{count} seats stay vacant: no admissible candidate could fill them.",
            data.vacant_seats,
        ).format(count=data.vacant_seats)
        if any(row.standing == "skipped" for row in data.ranking):
            why += " " + t.gettext("The candidates skipped, and why, are in the table above.")
        story.append(para(why, st.body))
    elif data.tie is not None and not data.tie.lot_order:
        story.append(para(t.gettext("None; the seats of the tie are decided as set out below."), st.body))
    else:
        story.append(para(t.gettext("None."), st.body))
    if data.tie is not None:
        story += _tie(t, data, data.tie)
    return story


def _candidate_line(t: Translator, row: RankingRow) -> str:
    return t.gettext("{name} (No. {number} on the paper; votes: {votes})").format(
        name=row.name, number=row.number, votes=figure(row.votes, t.lang)
    )


def _tie(t: Translator, data: VoteProtocolData, tie: TieFacts) -> list[Flowable]:
    st = styles()
    story: list[Flowable] = [para(t.gettext("Tie at the cut-off"), st.heading), para(tie.explanation, st.body)]
    if tie.lot_order:
        story += [
            para(t.gettext("Drawing of lots"), st.heading),
            facts_table(
                [
                    (t.gettext("Who drew the lots"), tie.lots_drawn_by or "—"),
                    (t.gettext("Witnesses of the drawing"), tie.lots_witnesses or "—"),
                    (t.gettext("The drawn order entered by (counting commission)"), tie.lots_by or "—"),
                ]
            ),
            para(
                t.gettext("The tie was settled by the drawing of lots. The order drawn, first drawn first:"),
                st.body,
            ),
            _ordered(
                [
                    t.gettext("{name} — place after the draw: {place}").format(
                        name=data.candidate(n).name, place=data.candidate(n).place_after_draw
                    )
                    for n in tie.lot_order
                ]
            ),
        ]
        if tie.lots_note:
            story.append(para(t.gettext("Note: {note}").format(note=tie.lots_note), st.body))
        story.append(
            para(
                t.gettext("By the drawn order: {names}.").format(
                    names=", ".join(data.candidate(n).name for n in data.elected if n in tie.candidates) or "—"
                ),
                st.body,
            )
        )
    elif tie.runoff_round is not None:
        story.append(para(runoff_opened_text(tie.runoff_round, tie.seats, t), st.body))
    else:
        story.append(
            para(
                t.gettext("The tie is not settled yet: another round or a drawing of lots follows."),
                st.body,
            )
        )
    return story


def objections_section(t: Translator, objections: str, dissent: str) -> list[Flowable]:
    """Objections and dissenting opinions as entered, "none" where nothing was."""
    st = styles()
    none = t.gettext("none")
    return [
        *section_heading(t.gettext("Objections and dissenting opinions"), room=30 * mm),
        para(t.gettext("Objections: {text}").format(text=objections.strip() or none), st.body),
        para(t.gettext("Dissenting opinions: {text}").format(text=dissent.strip() or none), st.body),
    ]


def _time(value: str) -> str:
    return value or TIME_BLANK


def _counting_signatories(t: Translator, counting: Sequence[Signatory]) -> tuple[Signatory, ...]:
    return tuple(
        (
            name,
            t.gettext("Member of the counting commission, {body}").format(body=body)
            if body
            else t.gettext("Member of the counting commission"),
        )
        for name, body in counting
    )


def _title(t: Translator, title: str, number: str, subtitle: str = "") -> list[Flowable]:
    """The title in the language's own word order ("РЕЙТИНГДИК ДОБУШ БЕРҮҮНҮН ПРОТОКОЛУ", "ПРОТОКОЛ РЕЙТИНГОВОГО
    ГОЛОСОВАНИЯ") with its ``subtitle`` under it, then the number, the copy number at the right."""
    st = styles()
    return [
        para(title, st.title),
        *([para(subtitle, st.subtitle)] if subtitle else []),
        para(t.gettext("No. {number}").format(number=number), st.subtitle),
        copy_number(t.lang),
    ]


def vote_protocol_pdf(data: VoteProtocolData, lang: str, issued: dt.date) -> bytes:
    """The protocol of one round of the rating vote in ``lang``, dated ``issued``."""
    t = Translator(lang)
    st = styles()
    story: list[Flowable] = [
        para(data.issuer, st.subtitle),
        *_title(t, t.gettext("PROTOCOL OF THE RATING VOTE"), data.protocol_number),
        place_and_date(data.place, t.format_date(data.session_date)),
        spacer(3),
        facts_table(
            [
                *_competition_facts(t, data.competition_number, data.kind_label, data.body),
                (t.gettext("Round"), _round_text(t, data.round_number, data.runoff_of)),
                (t.gettext("Mode of voting"), data.mode_label),
                (t.gettext("Session opened at"), _time(data.start_time)),
                (t.gettext("Voting began at"), _time(data.vote_began)),
                (t.gettext("Voting ended at"), _time(data.vote_ended)),
                (t.gettext("Counting began at"), _time(data.count_began)),
                (t.gettext("Counting ended at"), _time(data.count_ended)),
            ]
        ),
        spacer(2),
        para(
            t.gettext(
                "{legal_basis}, the Commission held the rating vote among the candidates in the presence of the "
                "counting commission."
            ).format(legal_basis=data.legal_basis),
            st.body,
        ),
    ]
    story += _attendance(t, data)
    story += _voter_roll(t, data)
    story += _ballots(t, data)
    story += _ranking(t, data)
    story += _result(t, data)
    story += objections_section(t, data.objections, data.dissent)
    story += signatures_section(
        t.gettext("Signatures"),
        [
            (t.gettext("Commission"), data.members_present),
            (t.gettext("Counting commission"), _counting_signatories(t, data.counting_present)),
        ],
        lang,
        stamp=stamp_place(lang),
    )
    return render(story, _meta(data, lang, t.gettext("Protocol of the rating vote"), issued))


# --- the tally sheet ---------------------------------------------------------------------------------------------


def _paper_status(t: Translator, paper: TallyPaper) -> str:
    if paper.status == "invalid":
        return t.gettext("invalid: {reason}").format(reason=paper.reason) if paper.reason else t.gettext("invalid")
    return t.gettext("blank") if paper.status == "blank" else t.gettext("valid")


def tally_sheet_lines(t: Translator, data: TallySheetData) -> tuple[list[CountLine], list[ControlRelation]]:
    """The tally sheet's numbered lines: the papers found and counted, valid (of them without marks) and invalid."""
    statuses = Counter(paper.status for paper in data.papers)
    valid = statuses["valid"] + statuses["blank"]
    lines: list[CountLine] = []
    relations: list[ControlRelation] = []
    if data.papers_found is not None:
        lines.append(CountLine("1", t.gettext("Ballot papers found in the ballot box"), data.papers_found))
    lines += [
        CountLine("2", t.gettext("Ballot papers counted on this sheet"), len(data.papers)),
        CountLine("3", t.gettext("Valid ballot papers"), valid),
        CountLine("3.1", t.gettext("of them without marks"), statuses["blank"]),
        CountLine("4", t.gettext("Invalid ballot papers"), statuses["invalid"]),
        CountLine("5", t.gettext("Ballot papers settled against the paper"), sum(p.settled for p in data.papers)),
    ]
    if data.papers_found is not None:
        relations.append(ControlRelation("1", "=", ("2",)))
    relations += [ControlRelation("2", "=", ("3", "4")), ControlRelation("3.1", "≤", ("3",))]
    return lines, relations


def tally_sheet_pdf(data: TallySheetData, lang: str, issued: dt.date) -> bytes:
    """The counting commission's tally sheet of one round, paper by paper, in ``lang``, dated ``issued``."""
    t = Translator(lang)
    st = styles()
    facts = [
        *_competition_facts(t, data.competition_number, data.kind_label, data.body),
        (t.gettext("Round"), _round_text(t, data.round_number, data.runoff_of)),
        (t.gettext("Date"), t.format_date(data.session_date)),
        (t.gettext("Counting began at"), _time(data.count_began)),
        (t.gettext("Counting ended at"), _time(data.count_ended)),
    ]
    facts += [
        (t.gettext("Papers entered by ({side})").format(side=side), names or "—") for side, names in data.entered_by
    ]
    story: list[Flowable] = [
        para(data.issuer, st.subtitle),
        *_title(
            t, t.gettext("TALLY SHEET OF THE COUNTING COMMISSION"), data.protocol_number, t.gettext("paper by paper")
        ),
        facts_table(facts),
        *section_heading(t.gettext("Candidates on the paper")),
        data_table(
            [t.gettext("No."), t.gettext("Candidate")],
            [[str(number), name] for number, name in data.candidates],
            [11 * mm, None],
            align=["right", "left"],
        ),
        *section_heading(t.gettext("Papers")),
        para(
            " ".join(
                [
                    t.gettext("Marks are the candidates' numbers on the paper."),
                    marks_limit(t, data.max_marks),
                    t.gettext("A paper without marks is blank and valid."),
                ]
            ),
            st.small,
        ),
        spacer(1),
        data_table(
            [t.gettext("Paper No."), t.gettext("Marks"), t.gettext("Counts as"), t.gettext("Settled")],
            [
                [
                    paper.serial,
                    format_marks(paper.marks) or "—",
                    _paper_status(t, paper),
                    t.gettext("yes") if paper.settled else t.gettext("no"),
                ]
                for paper in data.papers
            ],
            [26 * mm, None, 52 * mm, 28 * mm],
            align=["left", "left", "left", "center"],
        ),
    ]
    totals = data.totals()
    lines, relations = tally_sheet_lines(t, data)
    story += [
        *section_heading(t.gettext("Totals")),
        data_table(
            [t.gettext("No."), t.gettext("Candidate"), t.gettext("Votes")],
            [[str(number), name, figure(totals[number], lang)] for number, name in data.candidates],
            [11 * mm, None, 52 * mm],
            align=["right", "left", "left"],
        ),
        *section_heading(t.gettext("The papers in numbered lines")),
        *count_section(t, lines, relations),
    ]
    closing = [
        spacer(2),
        para(
            t.gettext("The totals agree with the tally in the protocol of the rating vote No. {number}.").format(
                number=protocol_number(data.competition_number, DocumentKind.VOTE, data.round_number)
            ),
            st.body,
        ),
    ]
    story += signatures_section(
        t.gettext("Signatures"),
        [("", _counting_signatories(t, data.counting_present))],
        lang,
        lead=closing,
        # the sheet is no protocol: "the protocol was signed at" is the protocol's line
        stamp=stamp_place(lang, signed_at=False),
    )
    return render(story, _meta(data, lang, t.gettext("Tally sheet"), issued))


# --- the decision on the composition -----------------------------------------------------------------------------


#: what a blank to fill by hand looks like on the paper
BLANK: Final = "____________"


def _decision_subject(t: Translator, data: CompositionDecisionData) -> str:
    if data.body_phrase is None:
        return t.gettext("on the members of the Commission elected from civil society")
    return t.gettext("on the composition of the Public Council under {body}").format(body=data.body_phrase)


def _decision_attendance(t: Translator, data: CompositionDecisionData) -> list[Flowable]:
    present = len(data.members_present)
    met = present >= data.quorum
    if data.vote is None:
        vote = t.gettext("for: {for_}, against: {against}, abstained: {abstained}").format(
            for_=BLANK, against=BLANK, abstained=BLANK
        )
    else:
        vote = t.gettext("for: {for_}, against: {against}, abstained: {abstained}").format(
            for_=figure(data.vote.votes_for, t.lang),
            against=figure(data.vote.against, t.lang),
            abstained=figure(data.vote.abstained, t.lang),
        )
    return [
        facts_table(
            [
                (t.gettext("Members of the Commission"), figure(data.members_total, t.lang)),
                (t.gettext("Present"), figure(present, t.lang)),
                (
                    t.gettext("Quorum"),
                    t.ngettext("{quorum} member: {met}", "{quorum} members: {met}", data.quorum).format(
                        quorum=figure(data.quorum, t.lang), met=t.gettext("met") if met else t.gettext("not met")
                    ),
                ),
                (t.gettext("Chair of the session"), data.chair or "—"),
                (t.gettext("Secretary of the session"), data.secretary or "—"),
                (t.gettext("Vote on the decision"), vote),
            ]
        )
    ]


def _decision_rows(
    t: Translator, lines: Sequence[MemberLine], runoffs: bool, *, excluded: bool = False
) -> tuple[list[str], list[list[str]], list[float | None], list[Literal["left", "center", "right"]]]:
    header = [t.gettext("No."), t.gettext("Candidate"), t.gettext("Nominated by"), t.gettext("Votes, round 1")]
    widths: list[float | None] = [9 * mm, 55 * mm, None, 21 * mm]
    align: list[Literal["left", "center", "right"]] = ["right", "left", "left", "right"]
    if runoffs:
        header.append(t.gettext("Votes in the runoff"))
        widths.append(27 * mm)
        align.append("left")

    def who(m: MemberLine) -> str:
        if not m.passed_over:
            return m.name
        if excluded:  # the sentence above the table says what befell them; the reason is why
            return f"{m.name}\n{m.passed_over}"
        return f"{m.name}\n" + t.gettext("passed over: {reason}").format(reason=m.passed_over)

    rows = []
    for index, m in enumerate(lines, start=1):
        row = [str(index), who(m), m.organization or "—", str(m.first_round_votes)]
        if runoffs:
            row.append(
                "; ".join(
                    t.gettext("{votes} (round {number})").format(votes=votes, number=number)
                    for number, votes in m.runoff_votes
                )
                or "—"
            )
        rows.append(row)
    return header, rows, widths, align


def _operative_part(t: Translator, data: CompositionDecisionData) -> tuple[list[Flowable], list[Flowable]]:
    """The operative part: what may flow across pages, and its closing, which goes with the first signatures."""
    st = styles()
    runoffs = any(m.runoff_votes for m in (*data.elected, *data.reserve, *data.excluded))
    start = t.format_date(data.formation_date) if data.formation_date is not None else BLANK
    end = t.format_date(data.term_end) if data.term_end is not None else BLANK
    term = t.ngettext("{count} year", "{count} years", data.term_years).format(count=data.term_years)
    if data.body_phrase is None:
        elect = t.gettext(
            "1. To elect the following candidates, in the order of election, members of the Commission from civil "
            "society for a term of {term} ({start} – {end}):"
        )
    else:
        elect = t.gettext(
            "1. To elect the following candidates, in the order of election, members of the Public Council under "
            "{body} for a term of {term} ({start} – {end}):"
        )
    flowing: list[Flowable] = [
        # point 1 goes to a page with the head and the first row of its table, never ends a page on its own
        CondPageBreak(40 * mm),
        para(elect.format(body=data.body_phrase, term=term, start=start, end=end), st.body),
    ]
    if data.elected:
        header, rows, widths, align = _decision_rows(t, data.elected, runoffs)
        flowing.append(data_table(header, rows, widths, align=align))
    else:
        flowing.append(para(t.gettext("Nobody is elected."), st.body))
    if data.vacant_seats:
        flowing.append(
            para(
                t.ngettext(
                    "{count} seat stays vacant: no admissible candidate could fill it.",
                    "{count} seats stay vacant: no admissible candidate could fill them.",
                    data.vacant_seats,
                ).format(count=data.vacant_seats),
                st.body,
            )
        )
    flowing.append(spacer(2))
    if data.reserve:
        flowing.append(
            para(
                t.gettext(
                    "2. To approve the reserve list in the following order; a seat that falls vacant is offered to "
                    "the reserve in this order:"
                ),
                st.body,
            )
        )
        if any(m.passed_over for m in data.reserve):
            flowing.append(
                para(
                    t.gettext(
                        "A candidate passed over in the count of the seats takes a seat only when the rule that "
                        "passed them over no longer stands in the way."
                    ),
                    st.body,
                )
            )
        if runoffs:
            flowing.append(
                para(
                    t.gettext(
                        "Candidates with equal votes in round 1 are in the order the runoff placed them; their votes "
                        "there are printed beside them."
                    ),
                    st.small,
                )
            )
        header, rows, widths, align = _decision_rows(t, data.reserve, runoffs)
        flowing.append(data_table(header, rows, widths, align=align))
    else:
        flowing.append(para("2. " + t.gettext("The reserve list is empty."), st.body))
    if data.excluded:
        flowing.append(spacer(2))
        flowing.append(
            para(
                t.gettext(
                    "The following candidates are neither elected nor included in the reserve list, whatever their "
                    "votes: the rules on membership keep them from a seat."
                ),
                st.body,
            )
        )
        header, rows, widths, align = _decision_rows(t, data.excluded, runoffs, excluded=True)
        flowing.append(data_table(header, rows, widths, align=align))
    flowing.append(spacer(2))
    if data.body_phrase is None:
        publish = t.gettext("3. To publish this decision in the media.")
    else:
        publish = t.gettext("3. To publish this decision on the official website of the state body and in the media.")
    closing: list[Flowable] = [
        para(publish, st.body),
        spacer(2),
        para(
            t.gettext("Objections: {text}").format(text=data.objections or t.gettext("none")),
            st.body,
        ),
        para(
            t.gettext("Dissenting opinions: {text}").format(text=data.dissent or t.gettext("none")),
            st.body,
        ),
    ]
    return flowing, closing


def composition_decision_pdf(data: CompositionDecisionData, lang: str, issued: dt.date) -> bytes:
    """The Commission's decision on the composition, over every round of the vote, in ``lang``, dated ``issued``."""
    t = Translator(lang)
    st = styles()
    protocols = ", ".join(protocol_number(data.competition_number, DocumentKind.VOTE, n) for n in data.rounds)
    subject = _decision_subject(t, data)
    term = t.ngettext("{count} year", "{count} years", data.term_years).format(count=data.term_years)
    story: list[Flowable] = [
        para(data.issuer, st.subtitle),
        para(t.gettext("DECISION {subject}").format(subject=subject), st.title),
        para(t.gettext("No. {number}").format(number=data.protocol_number), st.subtitle),
        copy_number(lang),
        place_and_date(data.place, t.format_date(data.decision_date)),
        spacer(3),
        facts_table(
            [
                *_competition_facts(t, data.competition_number, data.kind_label, data.body),
                (t.gettext("Seats to fill"), figure(data.seats, t.lang)),
                (t.gettext("Term of office"), term),
                (
                    t.gettext("Formation date of the composition"),
                    t.format_date(data.formation_date) if data.formation_date is not None else BLANK,
                ),
            ]
        ),
        *section_heading(t.gettext("Attendance and the vote on the decision")),
        *_decision_attendance(t, data),
        spacer(3),
    ]
    preamble = para(
        t.gettext(
            "{legal_basis}, on the results of the rating vote (protocols No. {protocols}), the Commission decided:"
        ).format(legal_basis=data.legal_basis, protocols=protocols or "—"),
        st.body,
    )
    flowing, closing = _operative_part(t, data)
    flowing.insert(0, preamble)
    # The operative part and the first signatures on one page: the whole of it when a page holds it, else its close.
    story += signatures_section(
        t.gettext("Signatures"),
        [("", data.members_present)],
        lang,
        lead=closing,
        stamp=stamp_place(lang),
        lead_if_fits=flowing,
    )
    if data.chain_head is not None:
        story += [spacer(4), *_chain_head_lines(t, data.chain_head)]
    return render(story, _meta(data, lang, t.gettext("Decision on the composition"), issued))


def _chain_head_lines(t: Translator, chain_head: tuple[int, str]) -> list[Flowable]:
    """The audit chain's last entry at the moment of issue, in full: a signed paper that prints it pins every entry
    up to it, which ``osgo verify --chain-head`` finds in a record's chain unchanged."""
    st = styles()
    seq, digest = chain_head
    half = len(digest) // 2
    digits = ParagraphStyle("chain-head", parent=st.cell, fontName=SANS, fontSize=9, leading=12)
    return [
        para(
            t.gettext("Audit chain when this decision was issued: entry No. {seq}, its hash (SHA-256):").format(
                seq=seq
            ),
            st.label,
        ),
        para(f"{grouped(digest[:half])}\n{grouped(digest[half:])}", digits),
    ]
