"""What the secretariat enters for a protocol (times, objections, dissent, the decision's formation date and vote):
recorded with its checks, part of each protocol's fingerprint, and printed by the decision on the composition."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from osgo_desktop.cli import main
from osgo_desktop.clock import FixedClock
from osgo_desktop.domain.profile import LAW_2014, LEGAL_BASIS, RegulationProfile
from osgo_desktop.domain.protocol_facts import ProtocolFactsDraft
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.domain.voting import Side
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.i18n import Translator
from osgo_desktop.services import protocol_facts, protocols, record, voting
from osgo_desktop.services.voting import PaperCounts
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY, copy_database
from tests.pdf_support import unhyphenate
from tests.voting_support import FIRST_ROUND, ballots_from_counts, enter_all, open_session, screened_competition

FIFTEEN = PaperCounts(issued=15, returned=15, unused=0)
#: the runoff for the last seat: Өмөрова (No. 2 on its paper) 8, Ногойбаева 6, one blank
RUNOFF = [(2,)] * 8 + [(1,)] * 6 + [()]
FORMED = TODAY + dt.timedelta(days=3)
DECISION = ProtocolFactsDraft(formation_date=FORMED, votes_for=13, votes_against=1, votes_abstained=1)


@pytest.fixture(scope="module")
def tallied_template(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    """2026/04 voted: round 1 ties for the last seat, the runoff settles it; nothing entered for its protocols."""
    path = tmp_path_factory.mktemp("tallied") / "demo.sqlite"
    copy_database(demo_template, path)
    db = Database.open(sqlite_url(path), FixedClock.on(TODAY))
    round_id = open_session(db)
    papers = ballots_from_counts(FIRST_ROUND, 15)
    enter_all(db, round_id, papers, Side.SECRETARIAT)
    enter_all(db, round_id, papers, Side.COUNTING)
    with db.uow() as uow:
        voting.close_round(uow, round_id, FIFTEEN)
        competition_id = voting.get_round(uow, round_id).competition_id
        runoff_id = voting.current_round(uow, competition_id)
    assert runoff_id is not None and runoff_id != round_id
    enter_all(db, runoff_id, RUNOFF, Side.SECRETARIAT)
    enter_all(db, runoff_id, RUNOFF, Side.COUNTING)
    with db.uow() as uow:
        voting.close_round(uow, runoff_id, FIFTEEN)
    db.close()
    return path


@pytest.fixture
def tallied(tmp_path: Path, tallied_template: Path, clock: FixedClock) -> Iterator[tuple[Database, int]]:
    path = tmp_path / "demo.sqlite"
    copy_database(tallied_template, path)
    db = Database.open(sqlite_url(path), clock)
    with db.uow() as uow:
        competition_id = screened_competition(uow)
    yield db, competition_id
    db.close()


def record_facts(db: Database, competition_id: int, kind: ProtocolKind, round_number: int, facts: ProtocolFactsDraft):  # type: ignore[no-untyped-def]
    with db.uow() as uow:
        return protocol_facts.record_protocol_facts(uow, competition_id, kind, round_number, facts)


# --- the use case -------------------------------------------------------------------------------------------------


def test_the_facts_are_recorded_read_back_and_replaced(tallied: tuple[Database, int]) -> None:
    db, competition_id = tallied
    with db.uow() as uow:
        assert protocol_facts.protocol_facts(uow, competition_id, ProtocolKind.VOTE, 1) == ProtocolFactsDraft()
    times = ProtocolFactsDraft(
        vote_began=" 10:20", vote_ended="11:05", count_began="11:05", count_ended="11:50", dissent="  Особое мнение "
    )
    recorded = record_facts(db, competition_id, ProtocolKind.VOTE, 1, times)
    assert recorded.facts.vote_began == "10:20" and recorded.facts.dissent == "Особое мнение" and not recorded.warnings
    with db.uow() as uow:
        assert protocol_facts.protocol_facts(uow, competition_id, ProtocolKind.VOTE, 1) == recorded.facts
        # another round's protocol and the tally sheet of the same round have their own
        assert protocol_facts.protocol_facts(uow, competition_id, ProtocolKind.VOTE, 2) == ProtocolFactsDraft()
        assert protocol_facts.protocol_facts(uow, competition_id, ProtocolKind.TALLY_SHEET, 1) == ProtocolFactsDraft()
    record_facts(db, competition_id, ProtocolKind.VOTE, 1, dataclasses.replace(recorded.facts, objections="Бар"))
    with db.uow() as uow:
        again = protocol_facts.protocol_facts(uow, competition_id, ProtocolKind.VOTE, 1)
    assert again.objections == "Бар" and again.vote_began == "10:20"


@pytest.mark.parametrize(
    ("kind", "facts", "field", "message"),
    [
        (ProtocolKind.VOTE, ProtocolFactsDraft(vote_began="9:5"), "vote_began", "hours and minutes"),
        (ProtocolKind.VOTE, ProtocolFactsDraft(vote_began="24:00"), "vote_began", "hours and minutes"),
        (
            ProtocolKind.VOTE,
            ProtocolFactsDraft(vote_began="11:00", vote_ended="10:59"),
            "vote_ended",
            "cannot end before it began",
        ),
        (
            ProtocolKind.VOTE,
            ProtocolFactsDraft(vote_ended="11:00", count_began="10:30"),
            "count_began",
            "once the vote has ended",
        ),
        (
            ProtocolKind.VOTE,
            ProtocolFactsDraft(count_began="12:00", count_ended="11:00"),
            "count_ended",
            "cannot end before it began",
        ),
        (ProtocolKind.SCREENING, ProtocolFactsDraft(vote_began="10:00"), "vote_began", "for a round's protocol"),
        (ProtocolKind.VOTE, ProtocolFactsDraft(formation_date=FORMED), "formation_date", "for the decision"),
        (ProtocolKind.DECISION, dataclasses.replace(DECISION, formation_date=None), "formation_date", "Enter the date"),
        (ProtocolKind.DECISION, dataclasses.replace(DECISION, votes_against=None), "votes_against", "Enter the number"),
        (ProtocolKind.DECISION, dataclasses.replace(DECISION, votes_for=-1), "votes_for", "cannot be negative"),
        (ProtocolKind.DECISION, dataclasses.replace(DECISION, votes_for=14), "votes", "15 members were present"),
        (
            ProtocolKind.DECISION,
            dataclasses.replace(DECISION, formation_date=TODAY - dt.timedelta(days=1)),
            "formation_date",
            "before the Commission voted (23.11.2026)",
        ),
    ],
)
def test_facts_that_cannot_be_right_are_refused(
    tallied: tuple[Database, int], kind: ProtocolKind, facts: ProtocolFactsDraft, field: str, message: str
) -> None:
    db, competition_id = tallied
    with pytest.raises(ValidationError) as refused:
        record_facts(db, competition_id, kind, 1 if kind.per_round else 0, facts)
    assert message in refused.value.errors[field]
    with db.uow() as uow:
        assert protocol_facts.protocol_facts(uow, competition_id, kind, 1) == ProtocolFactsDraft()


def test_a_formation_date_after_the_legal_calendar_is_a_warning_not_a_refusal(tallied: tuple[Database, int]) -> None:
    db, competition_id = tallied
    with db.uow() as uow:
        context = protocol_facts.facts_context(uow, competition_id, ProtocolKind.DECISION)
    assert context.latest_formation is not None and context.members_present == 15
    late = context.latest_formation + dt.timedelta(days=1)
    recorded = record_facts(
        db, competition_id, ProtocolKind.DECISION, 0, dataclasses.replace(DECISION, formation_date=late)
    )
    assert recorded.facts.formation_date == late
    assert recorded.warnings == (
        f"The law has the new composition formed by {context.latest_formation:%d.%m.%Y} (7 calendar days before the "
        f"current one's powers expire); {late:%d.%m.%Y} is later.",
    )


def test_the_decision_cannot_be_issued_without_its_formation_date(tallied: tuple[Database, int]) -> None:
    db, competition_id = tallied
    store = db.document_store()
    with db.uow() as uow:
        slot = next(s for s in protocols.protocol_slots(uow, competition_id) if s.kind is ProtocolKind.DECISION)
        assert "Enter the formation date" in slot.blocked
        with pytest.raises(KnownError, match="Enter the formation date"):
            protocols.issue(uow, store, competition_id, ProtocolKind.DECISION, "ky")
    record_facts(db, competition_id, ProtocolKind.DECISION, 0, DECISION)
    with db.uow() as uow:
        issued = protocols.issue(uow, store, competition_id, ProtocolKind.DECISION, "ky")
    assert issued.version == 1


def test_a_change_of_the_facts_changes_the_fingerprint_and_issues_a_new_version(
    tallied: tuple[Database, int], tmp_path: Path
) -> None:
    db, competition_id = tallied
    store = db.document_store()
    with db.uow() as uow:
        before = record.fingerprint(uow, competition_id, ProtocolKind.VOTE, 1)
        first = protocols.issue(uow, store, competition_id, ProtocolKind.VOTE, "ru", 1)
    assert first.fingerprint == before  # nothing entered: the basis is what it always was
    record_facts(db, competition_id, ProtocolKind.VOTE, 1, ProtocolFactsDraft(vote_began="10:20", objections="Нет"))
    with db.uow() as uow:
        after = record.fingerprint(uow, competition_id, ProtocolKind.VOTE, 1)
        # the facts of round 1's protocol belong to it alone
        assert (
            record.fingerprint(uow, competition_id, ProtocolKind.VOTE, 2)
            == protocols.issue(uow, store, competition_id, ProtocolKind.VOTE, "ru", 2).fingerprint
        )
        second = protocols.issue(uow, store, competition_id, ProtocolKind.VOTE, "ru", 1)
        facts = record.election_record(uow, competition_id)["protocol_facts"]
    assert after != before and second.fingerprint == after and second.version == 2
    assert facts == [
        {
            "protocol": "vote",
            "round": 1,
            "vote_began": "10:20",
            "vote_ended": "",
            "count_began": "",
            "count_ended": "",
            "objections": "Нет",
            "dissent": "",
            "formation_date": None,
            "votes": {"for": None, "against": None, "abstained": None},
        }
    ]
    # the decision: its formation date is in its basis too
    record_facts(db, competition_id, ProtocolKind.DECISION, 0, DECISION)
    with db.uow() as uow:
        decision = protocols.issue(uow, store, competition_id, ProtocolKind.DECISION, "ky")
    record_facts(
        db,
        competition_id,
        ProtocolKind.DECISION,
        0,
        dataclasses.replace(DECISION, formation_date=FORMED + dt.timedelta(days=1)),
    )
    with db.uow() as uow:
        redone = protocols.issue(uow, store, competition_id, ProtocolKind.DECISION, "ky")
    assert redone.fingerprint != decision.fingerprint and redone.version == 2


def test_nothing_is_entered_once_the_competition_is_closed(tallied: tuple[Database, int]) -> None:
    db, competition_id = tallied
    store = db.document_store()
    record_facts(db, competition_id, ProtocolKind.DECISION, 0, DECISION)
    with db.uow() as uow:
        protocols.issue_all(uow, store, competition_id)  # the competition closes with every protocol issued
    with db.uow() as uow:
        decision = protocols.issue(uow, store, competition_id, ProtocolKind.DECISION, "ky")
    with db.uow() as uow:
        assert protocols.attach_signed_copy(uow, store, decision.id, protocols.protocol_path(store, decision))
    with pytest.raises(KnownError, match="closed"):
        record_facts(db, competition_id, ProtocolKind.VOTE, 1, ProtocolFactsDraft(objections="late"))
    with db.uow() as uow:
        assert protocol_facts.protocol_facts(uow, competition_id, ProtocolKind.VOTE, 1) == ProtocolFactsDraft()
        # the frozen record keeps the facts the decision was signed with
        assert record.election_record(uow, competition_id)["protocol_facts"][0]["formation_date"] == FORMED.isoformat()


def test_a_profile_stored_without_a_legal_basis_cites_the_built_in_one() -> None:
    stored = LAW_2014.to_obj()
    assert "legal_basis" not in stored  # the built-in one is not written: earlier profiles read back unchanged
    assert RegulationProfile.from_obj(stored).legal_basis == LEGAL_BASIS
    edited = {
        **LAW_2014.to_obj(),
        "legal_basis": {"ky": "Жаңы мыйзамга ылайык", "ru": "В соответствии с новым законом"},
    }
    assert RegulationProfile.from_obj(edited).legal_basis.get("ru") == "В соответствии с новым законом"
    assert RegulationProfile.from_json(RegulationProfile.from_obj(edited).to_json()) == RegulationProfile.from_obj(
        edited
    )


# --- the decision on the composition, read back -------------------------------------------------------------------


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(unhyphenate(page.extract_text()) for page in pages).split())


def layout_lines(pdf: bytes, tmp_path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "decision.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [" ".join(line.split()) for line in out.splitlines() if line.strip()]


EXPECTED = {
    "ky": {
        "title": "Кыргыз Республикасынын Билим берүү жана илим министрлигинин алдындагы Коомдук кеңештин курамы "
        "жөнүндө ЧЕЧИМ",
        "basis": "Кыргыз Республикасынын «Мамлекеттик органдардын коомдук кеңештери жөнүндө» 2014-жылдын 24-майындагы "
        "№ 74 Мыйзамына",
        "decided": "Комиссия чечти:",
        "elect": "Билим берүү жана илим министрлигинин алдындагы Коомдук кеңештин мүчөлөрү болуп 2 жыл мөөнөткө",
        "vote": "жактагандар: 13 (он үч), каршы: 1 (бир), калыс калгандар: 1 (бир)",
        "present": "Катышкандар 15 (он беш)",
        "seats": "7 (жети)",
        "self": "Өзүн-өзү көрсөтүү",
        "publish": "расмий сайтында жана жалпыга маалымдоо каражаттарында жарыялансын",
        "runoff": "9 6 (2-тур)",
        "none": "Каршылыктар: жок",
    },
    "ru": {
        "title": "РЕШЕНИЕ о составе Общественного совета при Министерстве образования и науки Кыргызской Республики",
        "basis": "В соответствии с Законом Кыргызской Республики «Об общественных советах государственных органов» от "
        "24 мая 2014 года № 74",
        "decided": "Комиссия решила:",
        "elect": "1. Избрать членами Общественного совета при Министерстве образования и науки Кыргызской Республики "
        "сроком на 2 года",
        "vote": "за: 13 (тринадцать), против: 1 (один), воздержались: 1 (один)",
        "present": "Присутствуют 15 (пятнадцать)",
        "seats": "7 (семь)",
        "self": "Самовыдвижение",
        "publish": "3. Опубликовать настоящее решение на официальном сайте государственного органа и в средствах "
        "массовой информации.",
        "runoff": "9 6 (тур 2)",
        "none": "Возражения: нет",
    },
}


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_the_decision_reads_as_a_decision(tallied: tuple[Database, int], lang: str, tmp_path: Path) -> None:
    db, competition_id = tallied
    record_facts(db, competition_id, ProtocolKind.DECISION, 0, dataclasses.replace(DECISION, dissent="Особое мнение"))
    store = db.document_store()
    with db.uow() as uow:
        pdf = protocols.issue_pdf(uow, store, competition_id, ProtocolKind.DECISION, lang)
        outcome = voting.outcome(uow, competition_id)
        first = voting.get_round(uow, voting.round_by_number(uow, competition_id, 1))
    t = Translator(lang)
    text = text_of(pdf)
    expected = EXPECTED[lang]
    for key in ("title", "basis", "decided", "elect", "vote", "present", "seats", "self", "publish", "none"):
        assert expected[key] in text, key
    assert "Особое мнение" in text
    # the formation date, and the term from it to the day before its second anniversary
    formed, ends = (" ".join(t.format_date(day).split()) for day in (FORMED, dt.date(2028, 11, 25)))
    assert f"{formed} – {ends}" in text.replace("—", "–") and text.count(formed) >= 2  # the facts and the term
    # the operative part: the elected in order, then the reserve in order, the runoff's loser first with the votes of
    # both rounds
    names = [first.candidate(c).name for c in (*outcome.elected, *outcome.reserve)]
    at = [text.index(name) for name in names]
    assert at == sorted(at) and text.index(expected["decided"]) < at[0]
    loser = first.candidate(outcome.reserve[0]).name
    assert any(
        line.startswith(f"1 {loser}") and line.endswith(expected["runoff"]) for line in layout_lines(pdf, tmp_path)
    )
    # the operative part, too long for one page with the attendance, opens on page 1 (no half-empty page) and its
    # close is on the page of the first signatures
    pages = [" ".join(unhyphenate(page.extract_text()).split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    assert expected["decided"] in pages[0]
    closing = next(page for page in pages if expected["publish"].split()[-1] in page)
    assert t.gettext("Signatures") in closing and t.gettext("L.S.") in closing


# --- the command line ---------------------------------------------------------------------------------------------


def osgo(db_url: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["--db", db_url, "--lang", "en", "protocols", "facts", *args], out=out, err=err, clock=FixedClock.on(TODAY)
    )
    return code, out.getvalue(), err.getvalue()


def test_the_facts_from_the_command_line(tallied: tuple[Database, int], capsys: pytest.CaptureFixture[str]) -> None:
    db, _competition_id = tallied
    url = str(db.url)
    db.close()
    code, out, _err = osgo(url, "2026/04", "vote", "--round", "1", "--vote-began", "10:20", "--objections", "Жок")
    assert code == 0 and "vote-began: 10:20" in out and "objections: Жок" in out
    code, out, _err = osgo(url, "2026/04", "vote", "--round", "1", "--vote-ended", "11:05")
    assert code == 0 and "vote-began: 10:20" in out and "vote-ended: 11:05" in out  # what was given before stays
    code, _out, err = osgo(url, "2026/04", "vote", "--round", "1", "--count-began", "10:00")
    assert code == 2 and "The count begins once the vote has ended." in err
    code, _out, err = osgo(url, "2026/04", "vote", "--vote-began", "10:00")
    assert code == 2 and "--round N" in err
    code, _out, err = osgo(url, "2026/04", "decision", "--formation-date", "2026-11-26", "--votes-for", "14")
    assert code == 2 and "--votes-against: Enter the number (0 if none)." in err
    code, _out, err = osgo(
        url, "2026/04", "decision", "--formation-date", "2026-11-26", "--votes-for", "14", "--votes-against", "2",
        "--votes-abstained", "0",
    )  # fmt: skip
    assert code == 2 and "16 votes on the decision, but 15 members were present" in err
    with pytest.raises(SystemExit) as usage:  # argparse's own error: the usage and the message, exit 2
        osgo(url, "2026/04", "decision", "--formation-date", "someday")
    assert usage.value.code == 2 and "not a date" in capsys.readouterr().err
    code, out, _err = osgo(
        url,
        "2026/04",
        "decision",
        "--formation-date",
        "26.11.2026",
        "--votes-for",
        "15",
        "--votes-against",
        "0",
        "--votes-abstained",
        "0",
    )
    assert code == 0 and "formation-date: 2026-11-26" in out and "votes-for: 15" in out
    code, _out, err = osgo(url, "2026/99", "decision")
    assert code == 2 and "No competition" in err
