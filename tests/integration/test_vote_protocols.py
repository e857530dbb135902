"""The documents of the rating vote read back with poppler, from a vote held on the demo: round 1 with a paper settled
against the paper and a tie, a runoff that ties again with an invalid paper, lots, and the decision."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from osgo_desktop import i18n
from osgo_desktop.domain import tally
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.fingerprint import grouped
from osgo_desktop.domain.numwords import in_words
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.texts import Bilingual
from osgo_desktop.domain.voting import Side
from osgo_desktop.errors import KnownError
from osgo_desktop.i18n import Translator
from osgo_desktop.reports.layout import AmendmentNote, DocumentKind, Edition, protocol_number
from osgo_desktop.reports.vote import composition_decision_pdf, tally_sheet_pdf, vote_protocol_pdf
from osgo_desktop.services import printing, registries, voting
from osgo_desktop.services.voting import PaperCounts, RoundView
from osgo_desktop.storage import models
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY, copy_database, pinned_clock
from tests.pdf_support import unhyphenate
from tests.voting_support import (
    COUNTING_PIN,
    FIRST_ROUND,
    SECRETARIAT_PIN,
    ballots_from_counts,
    enter_all,
    entrants,
    open_session,
    screened_competition,
    session_draft,
)

FIFTEEN = PaperCounts(issued=15, returned=15, unused=0)
NOTE = "Бюллетень карап чыгылды"
LOTS_NOTE = "Чүчүкулак эсеп комиссиясынын алдында"
LOTS_DRAWN_BY = "Асанова Айгүл Бакытовна"
LOTS_WITNESSES = "Эсеп комиссиясынын мүчөлөрү Осмонов Т. жана Садыкова Н."
SHA = "3b7e" * 16
LANGS = ("ky", "ru")
FACTS = {
    "vote_began": "10:40",
    "vote_ended": "11:05",
    "count_began": "11:10",
    "count_ended": "12:20",
    "objections": "Байкоочу бюллетендерди санаган тартипке каршы болду",
    "dissent": "",
}


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
    with db.uow() as uow:  # what the secretariat enters for round 1's protocol; round 2's is left to be written in
        uow.session.add(
            models.ProtocolFacts(competition_id=competition_id, kind=ProtocolKind.VOTE, round_number=1, **FACTS)
        )
        uow.commit()
    # The runoff ties again, 7 to 7, and paper No. 15 marks both (one seat): invalid.
    again = [(1,)] * 7 + [(2,)] * 7 + [(1, 2)]
    enter_all(db, runoff_id, again, Side.SECRETARIAT)
    enter_all(db, runoff_id, again, Side.COUNTING)
    with db.uow() as uow:
        voting.close_round(uow, runoff_id, FIFTEEN)
        runoff = voting.get_round(uow, runoff_id)
    drawn = (runoff.candidates[1].tally_id, runoff.candidates[0].tally_id)
    with db.uow() as uow:
        voting.draw_lots(
            uow,
            runoff_id,
            drawn,
            (who[Side.COUNTING], COUNTING_PIN),
            LOTS_NOTE,
            drawn_by=LOTS_DRAWN_BY,
            witnesses=LOTS_WITNESSES,
        )
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
    return [norm(unhyphenate(page)) for page in result.stdout.split("\f")[:-1]]


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
    # the title in the language's own word order, the number under it
    assert f"{t.gettext('PROTOCOL OF THE RATING VOTE')} № 2026/04-V1" in text
    place = Bilingual(first.session.place, first.session.place_ru).get(lang)  # the Russian paper prints its own
    assert norm(i18n.format_date(TODAY, lang)) in text and place in text
    # attendance and quorum, figures in words
    for label, count in (("Members of the Commission", 15), ("Present", 15), ("Absent", 0)):
        assert f"{norm(t.gettext(label))} {count} ({in_words(count, lang)})" in text, label
    assert norm(t.gettext("No member of the Commission is absent.")) in text
    assert (
        t.ngettext("{quorum} member: {met}", "{quorum} members: {met}", 10).format(
            quorum=f"10 ({in_words(10, lang)})", met=t.gettext("met")
        )
        in text
    )
    # the ballots: numbered lines, in figures and in words, and their control relations, each checked
    lines = lines_of(pdf, tmp_path)
    for number, label, value in (
        ("1", "Voters with a right to a ballot", 15),
        ("2", "Ballot papers printed", 15),
        ("3", "Ballot papers issued to voters", 15),
        ("4", "Ballot papers left unused", 0),
        ("6", "Valid ballot papers", 15),
        ("6.1", "of them without marks", 0),
        ("7", "Invalid ballot papers", 0),
    ):
        assert f"{number} {norm(t.gettext(label))} {value} {in_words(value, lang)}" in lines, label
    line = t.gettext("line {number}").format
    holds = t.gettext("holds")
    for relation, figures in (
        (f"{line(number=2)} = {line(number=3)} + {line(number=4)}", "15 = 15 + 0"),
        (f"{line(number=5)} = {line(number=6)} + {line(number=7)}", "15 = 15 + 0"),
        (f"{line(number=5)} ≤ {line(number=1)}", "15 ≤ 15"),
    ):
        assert f"{relation} {figures} {holds}" in lines, relation
    assert t.gettext("DOES NOT HOLD") not in text
    # the times entered for the protocol; the time of signing is written in by hand
    for label, key in (
        ("Voting began at", "vote_began"),
        ("Voting ended at", "vote_ended"),
        ("Counting began at", "count_began"),
        ("Counting ended at", "count_ended"),
    ):
        assert f"{norm(t.gettext(label))} {FACTS[key]}" in text, label
    signed_at = t.gettext("The protocol was signed at {hours} h {minutes} min").format(hours="____", minutes="____")
    assert norm(signed_at) in text
    # objections as entered, dissenting opinions "none"
    assert t.gettext("Objections: {text}").format(text=FACTS["objections"]) in text
    assert t.gettext("Dissenting opinions: {text}").format(text=t.gettext("none")) in text
    # the copy number, written in by hand on each copy, and the place of the stamp
    assert f"{t.gettext('Copy No. {blank}').format(blank='________')}" in text
    assert {"ky": "М.О.", "ru": "М.П."}[lang] in text
    # the settlement of paper No. 7
    assert NOTE in text and "007" in text and first.settlements[0].counting in text
    # each candidate's votes, in figures and in words, and result, a row of the ranking table each
    elected = set(result.elected)
    for row in result.tally:
        candidate = first.candidate(row.id)
        line = next(line for line in lines if candidate.name in line)
        votes = re.escape(f"{row.votes} ({in_words(row.votes, lang)})")
        assert re.search(rf"^{row.rank} {candidate.number} {re.escape(candidate.name)} {votes}", line), line
        if row.id in elected:
            # the word agrees with the candidate's sex (Russian "Избрана" / "Избран")
            assert line.endswith(t.pgettext({"F": "female", "M": "male"}[candidate.sex], "Elected")), line
            assert "(а)" not in line
        if row.id in result.tie.candidates:
            assert t.gettext("Tie") in line
    # the tie, and the runoff it opened, for the one seat left (Russian "на 1 место", not "на эти места")
    runoff = t.ngettext(
        "Runoff round {number} was opened among the tied candidates for the {count} seat in question.",
        "Runoff round {number} was opened among the tied candidates for the {count} seats in question.",
        1,
    )
    assert norm(runoff.format(number=2, count=1)) in text
    assert "эти места" not in text
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
    lines = lines_of(protocol(vote, runoff, lang), tmp_path)
    assert f"7 {norm(t.gettext('Invalid ballot papers'))} 1 {in_words(1, lang)}" in lines
    assert f"015 {norm(t.gettext('too many marks'))}" in text
    # the lots: who drew, who witnessed, who entered them, the drawn order, the note, and who it elected
    first_drawn, second_drawn = (runoff.candidate(c).name for c in vote.drawn)
    tie = text[text.index(norm(t.gettext("Tie at the cut-off"))) :]
    assert runoff.lots_by in tie and LOTS_NOTE in tie
    assert f"{norm(t.gettext('Who drew the lots'))} {LOTS_DRAWN_BY}" in tie
    assert f"{norm(t.gettext('Witnesses of the drawing'))} {LOTS_WITNESSES}" in tie
    drawn = tie[tie.index(runoff.lots_by) :]
    assert drawn.index(first_drawn) < drawn.index(second_drawn)
    for place, name in enumerate((first_drawn, second_drawn), start=1):
        assert norm(t.gettext("{name} — place after the draw: {place}").format(name=name, place=place)) in drawn
    assert norm(t.gettext("By the drawn order: {names}.").format(names=first_drawn)) in text
    # the ranking: a place after the draw beside the rank (both tied at rank 1), in the drawn order
    ranking = text[text.index(norm(t.gettext("Tally and ranking"))) :]
    assert ranking.index(first_drawn) < ranking.index(second_drawn)
    lines = lines_of(protocol(vote, runoff, lang), tmp_path)
    for place, cid in enumerate(vote.drawn, start=1):
        candidate = runoff.candidate(cid)
        assert any(line.startswith(f"1 {place} {candidate.number} {candidate.name}") for line in lines), candidate
    # elected, in the order elected: the drawn order
    elected = text[text.index(norm(t.gettext("Elected ({count}), in the order elected:").format(count=1))) :]
    assert elected.index(first_drawn) < elected.index(second_drawn)
    # nothing entered for this protocol: the times are left to be written in, objections and dissent "none"
    assert text.count("____:____") == 4
    assert t.gettext("Objections: {text}").format(text=t.gettext("none")) in text
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
    title = t.gettext("TALLY SHEET OF THE COUNTING COMMISSION")
    assert f"{title} {t.gettext('paper by paper')} № 2026/04-T1" in text  # the subtitle with the title
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
        assert f"{candidate.number} {candidate.name} {row.votes} ({in_words(row.votes, lang)})" in totals
    # the papers in numbered lines, and their control relations
    for number, label, value in (
        ("1", "Ballot papers found in the ballot box", 15),
        ("2", "Ballot papers counted on this sheet", 15),
        ("3", "Valid ballot papers", 15),
        ("4", "Invalid ballot papers", 0),
        ("5", "Ballot papers settled against the paper", 1),
    ):
        assert f"{number} {norm(t.gettext(label))} {value} {in_words(value, lang)}" in lines, label
    line = t.gettext("line {number}").format
    assert f"{line(number=1)} = {line(number=2)} 15 = 15 {t.gettext('holds')}" in lines
    assert f"{line(number=2)} = {line(number=3)} + {line(number=4)} 15 = 15 + 0 {t.gettext('holds')}" in lines
    # who entered the papers (worded without a verb that would need their sex), the count's times
    side = t.gettext("Counting commission")
    side = side[:1].lower() + side[1:]  # in brackets, mid-sentence: lower case
    assert norm(t.gettext("Papers entered by ({side})").format(side=side)) in text
    assert first.session.entrants[0].name in text
    assert f"{norm(t.gettext('Counting began at'))} {FACTS['count_began']}" in text
    assert t.gettext("Copy No. {blank}").format(blank="________") in text
    assert {"ky": "М.О.", "ru": "М.П."}[lang] in text
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
    with vote.db.uow() as uow:
        russian = tally_sheet_pdf(printing.tally_sheet(uow, vote.runoff.id, "ru"), "ru", TODAY)
    # one seat, one mark: the number agrees with it
    assert "не более 1 отметки" in " ".join(lines_of(russian, tmp_path))


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
    assert t.gettext("No. {number}").format(number="2026/04-D") in text
    subject = t.gettext("on the composition of the Public Council under {body}").format(body=data.body_phrase)
    assert norm(t.gettext("DECISION {subject}").format(subject=subject)) in text
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
        text.index(
            names[cid].name,
            text.index(
                norm(
                    t.gettext(
                        "2. To approve the reserve list in the following order; a seat that falls vacant is offered "
                        "to the reserve in this order:"
                    )
                )[:20]
            ),
        )
        for cid in outcome.reserve
    ]
    assert reserve_at == sorted(reserve_at)
    assert "vacant" not in text  # every seat is filled: the decision says nothing of vacancies
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


# --- attendance with members absent; amendments ------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_the_members_absent_are_named(full_demo_db: Database, lang: str, tmp_path: Path) -> None:
    t = Translator(lang)
    with full_demo_db.uow() as uow:
        competition_id = screened_competition(uow)
        round_id = voting.open_session(uow, competition_id, session_draft(uow, competition_id, present=12))
    papers = ballots_from_counts({1: 9, 2: 8, 3: 7, 4: 6, 5: 5, 6: 4, 7: 3, 8: 2}, 12)
    enter_all(full_demo_db, round_id, papers, Side.SECRETARIAT)
    enter_all(full_demo_db, round_id, papers, Side.COUNTING)
    with full_demo_db.uow() as uow:
        voting.close_round(uow, round_id, PaperCounts(issued=12, returned=12, unused=0))
        view = voting.get_round(uow, round_id)
        members = [m.full_name for m in registries.list_commission(uow) if m.active]
        data = printing.vote_protocol(uow, round_id, lang)
    absent = sorted(set(members) - set(view.session.present), key=kyrgyz_sort_key)
    assert len(absent) == 3 and data.members_absent == tuple(absent)
    text = " ".join(pages_of(vote_protocol_pdf(data, lang, TODAY), tmp_path))
    assert f"{norm(t.gettext('Absent'))} 3 ({in_words(3, lang)})" in text
    listed = text[text.index(norm(t.gettext("Commission members absent ({count})").format(count=3))) :]
    for index, name in enumerate(absent, start=1):
        assert f"{index}. {name}" in listed, name
    assert f"{norm(t.gettext('Present'))} 12 ({in_words(12, lang)})" in text


@pytest.mark.parametrize("lang", LANGS)
def test_amendments_print_above_the_signatures(vote: Vote, lang: str, tmp_path: Path) -> None:
    """The amended version is signed under its amendment: the amendment comes after the document, before the
    signatures; the fingerprint stays at the end."""
    t = Translator(lang)
    with vote.db.uow() as uow:
        data = printing.vote_protocol(uow, vote.first.id, lang, SHA)
    note = AmendmentNote(at="05.12.2026", reason="Катачылык / опечатка", correction="Фамилия оңдолду / исправлена")
    amended = dataclasses.replace(data, edition=Edition(version=2, amendments=(note,)))
    text = " ".join(pages_of(vote_protocol_pdf(amended, lang, TODAY), tmp_path))
    correction = text.index(norm(t.gettext("Correction: {correction}").format(correction=note.correction)))
    objections = text.index(norm(t.gettext("Objections and dissenting opinions")))
    signatures = text.rindex(norm(t.gettext("Signatures")))
    chair = text.index(vote.first.session.chair, signatures)
    fingerprint = text.index(norm(t.gettext("Fingerprint (SHA-256) of the record this document was made from")))
    assert objections < correction < signatures < chair < fingerprint
