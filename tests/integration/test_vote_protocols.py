"""The documents of the rating vote read back with poppler, from a vote held on the demo: round 1 with a paper settled
against the paper and a tie, a runoff that ties again with an invalid paper, lots, and the decision."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from osgo_desktop import i18n
from osgo_desktop.domain import tally
from osgo_desktop.domain.fingerprint import grouped
from osgo_desktop.domain.texts import Bilingual
from osgo_desktop.domain.voting import Side
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import Translator
from osgo_desktop.reports.layout import DocumentKind, protocol_number
from osgo_desktop.reports.vote import composition_decision_pdf, tally_sheet_pdf, vote_protocol_pdf
from osgo_desktop.services import printing, voting
from osgo_desktop.services.voting import PaperCounts, RoundView
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY, copy_database, pinned_clock
from tests.voting_support import (
    COUNTING_PIN,
    FIRST_ROUND,
    SECRETARIAT_PIN,
    ballots_from_counts,
    enter_all,
    entrants,
    open_session,
)

FIFTEEN = PaperCounts(issued=15, returned=15, unused=0)
NOTE = "Бюллетень карап чыгылды"
LOTS_NOTE = "Чүчүкулак эсеп комиссиясынын алдында"
SHA = "3b7e" * 16
LANGS = ("ky", "ru")


@dataclass(frozen=True)
class Vote:
    db: Database
    competition_id: int
    first: RoundView
    runoff: RoundView
    #: the two tied candidates' tally ids, the one drawn first first
    drawn: tuple[str, str]


@pytest.fixture(scope="module")
def vote(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Iterator[Vote]:
    """One vote for the whole module (it takes a second or two): nothing here changes it."""
    path = tmp_path_factory.mktemp("vote") / "demo.sqlite"
    copy_database(demo_template, path)
    db = Database.open(sqlite_url(path), pinned_clock())
    first_id = open_session(db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(db, first_id, papers, Side.SECRETARIAT)
    slipped = list(papers)
    slipped[6] = tuple(sorted({*papers[6], 12} - {papers[6][0]}))  # paper No. 7 misread by the counting side
    enter_all(db, first_id, slipped, Side.COUNTING)
    who = entrants(db, first_id)
    with db.uow() as uow:
        voting.settle(
            uow,
            first_id,
            7,
            papers[6],
            NOTE,
            (who[Side.SECRETARIAT], SECRETARIAT_PIN),
            (who[Side.COUNTING], COUNTING_PIN),
        )
    with db.uow() as uow:
        voting.close_round(uow, first_id, FIFTEEN)
        competition_id = voting.get_round(uow, first_id).competition_id
        runoff_id = voting.current_round(uow, competition_id)
        assert runoff_id is not None and runoff_id != first_id
    # The runoff ties again, 7 to 7, and paper No. 15 marks both (one seat): invalid.
    again = [(1,)] * 7 + [(2,)] * 7 + [(1, 2)]
    enter_all(db, runoff_id, again, Side.SECRETARIAT)
    enter_all(db, runoff_id, again, Side.COUNTING)
    with db.uow() as uow:
        voting.close_round(uow, runoff_id, FIFTEEN)
        runoff = voting.get_round(uow, runoff_id)
    drawn = (runoff.candidates[1].tally_id, runoff.candidates[0].tally_id)
    with db.uow() as uow:
        voting.draw_lots(uow, runoff_id, drawn, (who[Side.COUNTING], COUNTING_PIN), LOTS_NOTE)
    with db.uow() as uow:
        result = Vote(db, competition_id, voting.get_round(uow, first_id), voting.get_round(uow, runoff_id), drawn)
    yield result
    db.close()


def norm(text: str) -> str:
    return " ".join(text.split())


def pages_of(pdf: bytes, tmp_path: Path) -> list[str]:
    """Each page's text as pdftotext reads it (a wrapped cell reads on), runs of white space made one space."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    assert result.stderr == ""
    return [norm(page) for page in result.stdout.split("\f")[:-1]]


def lines_of(pdf: bytes, tmp_path: Path) -> list[str]:
    """Every line of every page (layout mode: a table row is a line), white space made single spaces."""
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return [norm(line) for line in result.stdout.splitlines() if line.strip()]


def assert_paged(pages: list[str], lang: str) -> None:
    t = Translator(lang)
    for number, page in enumerate(pages, start=1):
        assert t.gettext("Page {page} of {total}").format(page=number, total=len(pages)) in page, number


def assert_signature_lines(text: str, lang: str, names: list[str]) -> None:
    """A signature line for each name: every name printed, and as many "(signature)" captions as names."""
    t = Translator(lang)
    signatures = text[text.rindex(t.gettext("Signatures")) :]
    for name in names:
        assert name in signatures, name
    assert signatures.count(t.gettext("(signature)")) == len(names)


def protocol(vote: Vote, round_view: RoundView, lang: str, fingerprint: str | None = None) -> bytes:
    with vote.db.uow() as uow:
        data = printing.vote_protocol(uow, round_view.id, lang, fingerprint)
    return vote_protocol_pdf(data, lang, TODAY)


# --- the protocol of a round -------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_protocol_of_round_one(vote: Vote, lang: str, tmp_path: Path) -> None:
    t = Translator(lang)
    first = vote.first
    result = first.result
    assert result is not None and result.tie is not None
    pdf = protocol(vote, first, lang)
    pages = pages_of(pdf, tmp_path)
    text = " ".join(pages)
    assert_paged(pages, lang)
    assert t.gettext("PROTOCOL No. {number}").format(number="2026/04-V1") in text
    place = Bilingual(first.session.place, first.session.place_ru).get(lang)  # the Russian paper prints its own
    assert norm(i18n.format_date(TODAY, lang)) in text and place in text
    # attendance and quorum
    assert t.gettext("{present} of {total}").format(present=15, total=15) in text
    assert (
        t.ngettext("{quorum} member: {met}", "{quorum} members: {met}", 10).format(quorum=10, met=t.gettext("met"))
        in text
    )
    # the ballots
    for label, value in (
        ("Papers printed", 15),
        ("Papers issued to voters", 15),
        ("Papers left unused", 0),
        ("Papers found in the ballot box (cast)", 15),
        ("Valid", 15),
        ("of them blank", 0),
        ("Invalid", 0),
    ):
        assert f"{norm(t.gettext(label))} {value}" in text, label
    # the settlement of paper No. 7
    assert NOTE in text and "007" in text and first.settlements[0].counting in text
    # each candidate's votes and result, a row of the ranking table each
    lines = lines_of(pdf, tmp_path)
    elected = set(result.elected)
    for row in result.tally:
        candidate = first.candidate(row.id)
        line = next(line for line in lines if candidate.name in line)
        assert re.search(rf"^{row.rank} {candidate.number} {re.escape(candidate.name)} {row.votes}\b", line), line
        if row.id in elected:
            assert t.gettext("Elected") in line
        if row.id in result.tie.candidates:
            assert t.gettext("Tie") in line
    # the tie, and the runoff it opened
    assert (
        norm(
            t.gettext("Runoff round {number} was opened among the tied candidates for the seats in question.").format(
                number=2
            )
        )
        in text
    )
    # a signature line for the chair, the secretary, every member present and every counting member present
    names = [name for name in first.session.present] + list(first.session.counting_present)
    assert_signature_lines(text, lang, names)
    assert first.session.chair in text and first.session.secretary in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_protocol_of_the_runoff_settled_by_lots(vote: Vote, lang: str, tmp_path: Path) -> None:
    t = Translator(lang)
    runoff = vote.runoff
    result = runoff.result
    assert result is not None and result.lots_used
    pages = pages_of(protocol(vote, runoff, lang), tmp_path)
    text = " ".join(pages)
    assert_paged(pages, lang)
    assert "2026/04-V2" in text
    assert (
        norm(t.gettext("Round {number}: a runoff among the candidates tied in round {tied}").format(number=2, tied=1))
        in text
    )
    # the invalid paper and why
    assert f"{norm(t.gettext('Invalid'))} 1" in text
    assert f"015 {norm(t.gettext('too many marks'))}" in text
    # the lots: who entered them, the drawn order, the note, and who it elected
    first_drawn, second_drawn = (runoff.candidate(c).name for c in vote.drawn)
    tie = text[text.index(norm(t.gettext("Tie at the cut-off"))) :]
    assert runoff.lots_by in tie and LOTS_NOTE in tie
    drawn = tie[tie.index(runoff.lots_by) :]
    assert drawn.index(first_drawn) < drawn.index(second_drawn)
    assert norm(t.gettext("By the drawn order: {names}.").format(names=first_drawn)) in text
    # the candidates elected in round 1 are named as counting for the rules
    assert vote.first.candidate(vote.first.result.elected[0]).name in text  # type: ignore[union-attr]


def test_an_open_round_has_no_protocol_yet(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    with full_demo_db.uow() as uow, pytest.raises(KnownError, match="not closed yet"):
        printing.vote_protocol(uow, round_id, "en")


# --- the tally sheet ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_tally_sheet_lists_every_paper_and_adds_up_to_the_tally(vote: Vote, lang: str, tmp_path: Path) -> None:
    t = Translator(lang)
    first = vote.first
    result = first.result
    assert result is not None
    with vote.db.uow() as uow:
        data = printing.tally_sheet(uow, first.id, lang)
        papers = voting.agreed_papers(uow, first.id)
    assert data.totals() == {first.candidate(r.id).number: r.votes for r in result.tally}
    pdf = tally_sheet_pdf(data, lang, TODAY)
    pages = pages_of(pdf, tmp_path)
    text = " ".join(pages)
    assert_paged(pages, lang)
    assert t.gettext("TALLY SHEET No. {number}").format(number="2026/04-T1") in text
    lines = lines_of(pdf, tmp_path)
    yes, no = t.gettext("yes"), t.gettext("no")
    for serial, marks, settled in papers:
        line = next(line for line in lines if line.startswith(f"{serial:03d} "))
        assert ", ".join(map(str, marks)) in line
        assert line.endswith(f" {yes if settled else no}"), line
    assert sum(settled for _s, _m, settled in papers) == 1
    # the legend names each candidate; the totals, at the end, give each candidate's votes as the tally has them
    totals = text[text.rindex(norm(t.gettext("Totals"))) :]
    for row in result.tally:
        candidate = first.candidate(row.id)
        assert f"{candidate.number} {candidate.name} {row.votes}" in totals
    assert_signature_lines(text, lang, list(first.session.counting_present))


def test_a_tally_sheet_that_does_not_add_up_is_refused(vote: Vote) -> None:
    with vote.db.uow() as uow:
        data = printing.tally_sheet(uow, vote.first.id, "ky")
    with pytest.raises(ValueError, match="add up"):
        type(data)(**{**data.__dict__, "votes": {**data.votes, 1: data.votes[1] + 1}})


def test_the_runoff_tally_sheet_marks_the_invalid_paper(vote: Vote, tmp_path: Path) -> None:
    with vote.db.uow() as uow:
        data = printing.tally_sheet(uow, vote.runoff.id, "en")
    lines = lines_of(tally_sheet_pdf(data, "en", TODAY), tmp_path)
    assert "015 1, 2 invalid: too many marks no" in lines
    assert any(line.startswith("014 2 valid no") for line in lines)


# --- the decision on the composition ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_decision_on_the_composition(vote: Vote, lang: str, tmp_path: Path) -> None:
    t = Translator(lang)
    with vote.db.uow() as uow:
        data = printing.composition_decision(uow, vote.competition_id, lang)
        outcome = voting.outcome(uow, vote.competition_id)
    assert len(data.elected) == 7 and data.elected[-1].round_number == 2
    assert data.elected[-1].name == vote.runoff.candidate(vote.drawn[0]).name
    assert data.reserve[0].name == vote.runoff.candidate(vote.drawn[1]).name  # the runoff's loser heads the reserve
    pdf = composition_decision_pdf(data, lang, TODAY)
    pages = pages_of(pdf, tmp_path)
    text = " ".join(pages)
    assert_paged(pages, lang)
    assert t.gettext("DECISION No. {number}").format(number="2026/04-D") in text
    assert "2026/04-V1, 2026/04-V2" in text
    lines = lines_of(pdf, tmp_path)
    names = {**{c.tally_id: c for c in vote.first.candidates}}
    for index, cid in enumerate(outcome.elected, start=1):
        candidate = names[cid]
        line = next(line for line in lines if candidate.name in line)
        assert line.startswith(f"{index} {candidate.name}"), line
        if candidate.organization_name:
            assert candidate.organization_name.get(lang)[:20] in text
    reserve_at = [
        text.index(names[cid].name, text.index(t.gettext("2. Reserve list, in order ({count})")[:10]))
        for cid in outcome.reserve
    ]
    assert reserve_at == sorted(reserve_at)
    assert norm(t.gettext("Every seat is filled.")) in text
    assert_signature_lines(text, lang, list(vote.first.session.present))


def test_no_decision_while_a_tie_is_pending(full_demo_db: Database) -> None:
    round_id = open_session(full_demo_db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        competition_id = voting.get_round(uow, round_id).competition_id
        with pytest.raises(KnownError, match="No round"):
            printing.composition_decision(uow, competition_id, "en")
        voting.close_round(uow, round_id, FIFTEEN)
    with full_demo_db.uow() as uow, pytest.raises(KnownError, match="A tie is not settled yet"):
        printing.composition_decision(uow, competition_id, "en")


# --- every document of the vote ----------------------------------------------------------------------------------


def documents(vote: Vote, lang: str, fingerprint: str | None = None) -> dict[str, bytes]:
    with vote.db.uow() as uow:
        return {
            "protocol": vote_protocol_pdf(printing.vote_protocol(uow, vote.first.id, lang, fingerprint), lang, TODAY),
            "runoff": vote_protocol_pdf(printing.vote_protocol(uow, vote.runoff.id, lang, fingerprint), lang, TODAY),
            "tally": tally_sheet_pdf(printing.tally_sheet(uow, vote.first.id, lang, fingerprint), lang, TODAY),
            "decision": composition_decision_pdf(
                printing.composition_decision(uow, vote.competition_id, lang, fingerprint), lang, TODAY
            ),
        }


@pytest.mark.parametrize("lang", LANGS)
def test_only_embedded_pt_fonts_and_poppler_renders_them(vote: Vote, lang: str, tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None or shutil.which("pdftoppm") is None:
        pytest.skip("poppler-utils is not installed")
    for name, pdf in documents(vote, lang, "ab" * 32).items():  # with a fingerprint: its QR code draws too
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
        lines = fonts.stdout.splitlines()[2:]
        assert lines and fonts.stderr == ""
        for line in lines:
            assert re.fullmatch(r"[A-Z]{6}\+PT\S+", line.split()[0]), (name, line)
            assert re.search(r"\byes\s+yes\s+yes\b", line), (name, line)  # embedded, subset, with a Unicode map
        rendered = subprocess.run(
            ["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / name)], capture_output=True, text=True
        )
        assert rendered.returncode == 0 and rendered.stderr == "", name
        assert list(tmp_path.glob(f"{name}*.png"))


def test_a_fingerprint_is_printed_and_its_qr_code_decodes(vote: Vote, tmp_path: Path) -> None:
    if shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None:
        pytest.skip("zbarimg (zbar-tools) and pdftoppm (poppler-utils) are needed to read the QR code")
    numbers = {
        "protocol": protocol_number("2026/04", DocumentKind.VOTE, 1),
        "runoff": protocol_number("2026/04", DocumentKind.VOTE, 2),
        "tally": protocol_number("2026/04", DocumentKind.TALLY_SHEET, 1),
        "decision": protocol_number("2026/04", DocumentKind.DECISION),
    }
    for name, pdf in documents(vote, "ky", SHA).items():
        pages = pages_of(pdf, tmp_path)
        assert all(grouped(SHA) in page for page in pages), name
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        last = str(len(pages))  # the QR code is at the end of the last page: render that one only
        subprocess.run(
            ["pdftoppm", "-r", "150", "-f", last, "-l", last, "-png", "-singlefile", str(path), str(tmp_path / name)],
            check=True,
        )
        decoded = subprocess.run(
            ["zbarimg", "--quiet", "--raw", str(tmp_path / f"{name}.png")], capture_output=True, text=True
        )
        assert decoded.stdout.splitlines() == [f"OSGO|2026/04|{numbers[name]}|{SHA}"], name


def test_without_a_fingerprint_none_is_printed(vote: Vote, tmp_path: Path) -> None:
    for name, pdf in documents(vote, "ru").items():
        assert not any("SHA-256" in page for page in pages_of(pdf, tmp_path)), name


def test_the_protocol_numbers_follow_one_scheme() -> None:
    assert protocol_number("2026/04", DocumentKind.VOTE, 1) == "2026/04-V1"
    assert protocol_number("2026/04", DocumentKind.TALLY_SHEET, 2) == "2026/04-T2"
    assert protocol_number("2026/04", DocumentKind.DECISION) == "2026/04-D"
    assert protocol_number("2026/01", DocumentKind.SCREENING) == "2026/01-S"
    assert protocol_number("2026/01", DocumentKind.BALLOTS, 1) == "2026/01-B1"
    with pytest.raises(ValueError):
        protocol_number("2026/04", DocumentKind.VOTE)
    with pytest.raises(ValueError):
        protocol_number("2026/04", DocumentKind.DECISION, 1)


def test_the_recount_matches_what_the_protocol_prints(vote: Vote) -> None:
    with vote.db.uow() as uow:
        data = printing.vote_protocol(uow, vote.first.id, "ky")
        recount = tally.tally(tally.parse_tally_input(voting.tally_input(uow, vote.first.id)))
    assert [(r.number, r.votes) for r in data.ranking] == [
        (vote.first.candidate(r.id).number, r.votes) for r in recount.tally
    ]


def test_a_long_reserve_is_read_off_the_ranking_and_named_in_the_decision(
    vote: Vote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from osgo_desktop.reports import vote as reports

    monkeypatch.setattr(reports, "RESERVE_LISTED", 2)  # the demo's round 1 has a reserve of 4
    result = vote.first.result
    assert result is not None and len(result.reserve) == 4
    text = " ".join(pages_of(protocol(vote, vote.first, "en"), tmp_path))
    assert "The 4 candidates marked “Reserve” in the ranking above, in that order" in text
    reserve_names = [vote.first.candidate(cid).name for cid in result.reserve]
    assert all(text.count(name) == 1 for name in reserve_names)  # once: in the ranking
