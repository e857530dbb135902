"""The screening session: recorded with its quorum, times and attendance before the screening protocol is issued;
the protocol prints it; a draft says DRAFT on every page and carries no number."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import subprocess

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from osgo_desktop import i18n
from osgo_desktop.domain.collation import kyrgyz_sort_key
from osgo_desktop.domain.lifecycle import State
from osgo_desktop.domain.numwords import figure
from osgo_desktop.domain.record import ProtocolKind
from osgo_desktop.errors import KnownError, ValidationError
from osgo_desktop.services import papers, protocols, screening
from osgo_desktop.services.demo import SESSION_PLACE
from osgo_desktop.services.screening import ScreeningSessionDraft, ScreeningSetup
from osgo_desktop.storage import models
from osgo_desktop.storage.uow import Database
from tests.conftest import TODAY
from tests.voting_support import screened_competition

#: the demo's screening session of 2026/04: a week before the tests' today, the last two members (in Kyrgyz
#: order, the chair and secretary aside) absent
DEMO_DAY = TODAY - dt.timedelta(days=7)
DEMO_ABSENT = ("Шарипова Нургүл Эркиновна", "Эсенов Азамат Кубанычбек уулу")
CHAIR = "Токтосунова Динара Уланбековна"
SECRETARY = "Кадырова Мээрим Аскаровна"
PLACE = dict(zip(("ky", "ru"), SESSION_PLACE, strict=True))


@pytest.fixture
def screened(full_demo_db: Database) -> int:
    with full_demo_db.uow() as uow:
        return screened_competition(uow)


def setup_of(db: Database, competition_id: int) -> ScreeningSetup:
    with db.uow() as uow:
        return screening.screening_setup(uow, competition_id)


def every_member(setup: ScreeningSetup, **changes: object) -> ScreeningSessionDraft:
    draft = ScreeningSessionDraft(
        held_on=TODAY - dt.timedelta(days=2),
        place="Бишкек ш.",
        place_ru="г. Бишкек",
        start_time="9:30",
        end_time="11:00",
        present=tuple(m.id for m in setup.members),
        chair_id=setup.chair_id,
        secretary_id=setup.secretary_id,
    )
    return dataclasses.replace(draft, **changes)  # type: ignore[arg-type]


def record(db: Database, competition_id: int, draft: ScreeningSessionDraft) -> None:
    with db.uow() as uow:
        screening.record_screening_session(uow, competition_id, draft)


def session_of(db: Database, competition_id: int) -> screening.ScreeningSessionView:
    with db.uow() as uow:
        view = screening.get_screening_session(uow, competition_id)
    assert view is not None
    return view


def words(text: str) -> str:
    return " ".join(text.split())


def pdf_text(pdf: bytes) -> str:
    """The text as laid out (pdftotext -layout: the two signature columns stay on one line), in single spaces."""
    done = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return words(done.stdout.decode())


def page_texts(pdf: bytes) -> list[str]:
    return [words(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


# --- the use case ------------------------------------------------------------------------------------------------


def test_the_demo_records_the_session_of_2026_04(full_demo_db: Database, screened: int) -> None:
    view = session_of(full_demo_db, screened)
    assert (view.held_on, view.start_time, view.end_time) == (DEMO_DAY, "10:00", "12:30")
    assert (view.place, view.place_ru) == (PLACE["ky"], PLACE["ru"])
    assert (view.members_total, view.quorum, len(view.present)) == (15, 10, 13)
    assert view.absent == DEMO_ABSENT and view.quorum_met
    assert (view.chair, view.secretary) == (CHAIR, SECRETARY)
    assert list(view.present) == sorted(view.present, key=kyrgyz_sort_key)


def test_fewer_present_than_the_quorum_is_refused(full_demo_db: Database, screened: int) -> None:
    setup = setup_of(full_demo_db, screened)
    assert setup.quorum == 10  # 2/3 of 15, the profile's one formula
    officers = [setup.chair_id, setup.secretary_id]
    ids = [*(i for i in officers if i is not None), *(m.id for m in setup.members if m.id not in officers)]
    with pytest.raises(ValidationError) as refused:
        record(full_demo_db, screened, every_member(setup, present=tuple(ids[:9])))
    assert refused.value.errors == {"present": "9 of 15 Commission members are present; the quorum is 10 members."}
    assert len(session_of(full_demo_db, screened).present) == 13  # nothing changed
    record(full_demo_db, screened, every_member(setup, present=tuple(ids[:10])))
    assert len(session_of(full_demo_db, screened).present) == 10


@pytest.mark.parametrize(
    ("start", "end", "errors"),
    [
        ("25:00", "12:00", {"start_time": "Enter the start time as hours and minutes, e.g. 10:00."}),
        ("10:00", "", {"end_time": "Enter the end time as hours and minutes, e.g. 12:30."}),
        ("10:00", "09:59", {"end_time": "The session ends after it starts."}),
        ("10:00", "10:00", {"end_time": "The session ends after it starts."}),
    ],
)
def test_the_times_are_checked(
    full_demo_db: Database, screened: int, start: str, end: str, errors: dict[str, str]
) -> None:
    with pytest.raises(ValidationError) as refused:
        record(full_demo_db, screened, every_member(setup_of(full_demo_db, screened), start_time=start, end_time=end))
    assert refused.value.errors == errors


def test_times_are_kept_as_hours_and_minutes(full_demo_db: Database, screened: int) -> None:
    record(full_demo_db, screened, every_member(setup_of(full_demo_db, screened), start_time=" 9:30", end_time="11:05"))
    view = session_of(full_demo_db, screened)
    assert (view.start_time, view.end_time, view.absent) == ("09:30", "11:05", ())


def test_the_chair_and_the_secretary_are_members_present(full_demo_db: Database, screened: int) -> None:
    setup = setup_of(full_demo_db, screened)
    assert setup.chair_id is not None and setup.secretary_id is not None
    without_chair = tuple(m.id for m in setup.members if m.id != setup.chair_id)
    cases = [
        (
            {"present": without_chair},
            {"chair_id": "The chair and the secretary of the session must be among the members present."},
        ),
        ({"chair_id": None}, {"chair_id": "Choose the chair of the session."}),
        (
            {"secretary_id": setup.chair_id},
            {"secretary_id": "The chair and the secretary of the session are two different members."},
        ),
        ({"present": (*without_chair, 999)}, {"present": "No active member of the Commission has the id 999."}),
    ]
    for changes, errors in cases:
        with pytest.raises(ValidationError) as refused:
            record(full_demo_db, screened, every_member(setup, **changes))
        assert {k: v for k, v in refused.value.errors.items() if k in errors} == errors, changes


def test_the_date_is_neither_in_the_future_nor_before_the_announcement(full_demo_db: Database, screened: int) -> None:
    setup = setup_of(full_demo_db, screened)
    assert setup.earliest is not None
    for day, error in (
        (TODAY + dt.timedelta(days=1), "The session is recorded once it is held: its date cannot be in the future."),
        (setup.earliest - dt.timedelta(days=1), "The session cannot be held before the competition was announced."),
    ):
        with pytest.raises(ValidationError) as refused:
            record(full_demo_db, screened, every_member(setup, held_on=day))
        assert refused.value.errors == {"held_on": error}


def test_no_session_before_the_screening_nor_after_the_close(full_demo_db: Database, screened: int) -> None:
    setup = setup_of(full_demo_db, screened)
    with full_demo_db.uow() as uow:
        announced = uow.session.scalars(
            select(models.Competition.id).where(models.Competition.state == State.ANNOUNCED)
        ).first()
    assert announced is not None
    with pytest.raises(KnownError, match="once the screening has started"):
        record(full_demo_db, announced, every_member(setup))
    with full_demo_db.uow() as uow:
        uow.competitions.require(screened).state = State.CLOSED
        uow.commit()
    with pytest.raises(KnownError, match="closed: its screening session can no longer be changed"):
        record(full_demo_db, screened, every_member(setup))


# --- the protocol ------------------------------------------------------------------------------------------------


def test_the_screening_protocol_waits_for_the_session(full_demo_db: Database, screened: int) -> None:
    with full_demo_db.uow() as uow:
        row = uow.session.scalars(
            select(models.ScreeningSession).where(models.ScreeningSession.competition_id == screened)
        ).one()
        uow.session.delete(row)
        uow.commit()
    store = full_demo_db.document_store()
    with full_demo_db.uow() as uow, pytest.raises(KnownError, match="Record the screening session first"):
        protocols.issue(uow, store, screened, ProtocolKind.SCREENING, "ky")
    with full_demo_db.uow() as uow:
        slot = next(s for s in protocols.protocol_slots(uow, screened) if s.kind is ProtocolKind.SCREENING)
        assert slot.blocked.startswith("Record the screening session first")
        # the draft can still be read: without the session it says so
        text = pdf_text(papers.screening_draft(uow, screened, "en"))
    assert "The screening session is not recorded yet." in text and "DRAFT" in text


def test_a_corrected_session_makes_a_new_version(full_demo_db: Database, screened: int) -> None:
    store = full_demo_db.document_store()
    with full_demo_db.uow() as uow:
        first = protocols.issue(uow, store, screened, ProtocolKind.SCREENING, "ky")
    record(full_demo_db, screened, every_member(setup_of(full_demo_db, screened)))
    with full_demo_db.uow() as uow:
        second = protocols.issue(uow, store, screened, ProtocolKind.SCREENING, "ky")
        text = pdf_text(protocols.protocol_path(store, second).read_bytes())
    assert second.version == 2 and second.fingerprint != first.fingerprint
    assert "09:30" in text and "Бишкек ш." in text


def signature_order(text: str, lang: str, names: list[str]) -> list[str]:
    signatures = text.rindex(i18n.Translator(lang).gettext("Signatures"))
    tail = text[signatures:]
    return sorted((n for n in names if n in tail), key=tail.index)


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_the_issued_protocol_prints_the_session(full_demo_db: Database, screened: int, lang: str) -> None:
    t = i18n.Translator(lang)
    store = full_demo_db.document_store()
    with full_demo_db.uow() as uow:
        issued = protocols.issue(uow, store, screened, ProtocolKind.SCREENING, lang)
    pdf = protocols.protocol_path(store, issued).read_bytes()
    text = pdf_text(pdf)
    view = session_of(full_demo_db, screened)
    assert issued.number == "2026/04-S" and t.gettext("No. {number}").format(number="2026/04-S") in text
    assert t.gettext("Protocol of the screening of candidates") in text
    assert words(t.format_date(DEMO_DAY)) in text  # the day of the session, not the day printed
    assert words(t.format_date(TODAY)) not in text
    assert PLACE[lang] in text
    assert t.gettext("from {start} to {end}").format(start="10:00", end="12:30") in text
    assert f"{t.gettext('Present')} {figure(13, lang)}" in text  # figures in words too
    assert figure(15, lang) in text  # the members of the Commission
    quorum = t.ngettext("{quorum} member: {met}", "{quorum} members: {met}", 10)
    assert quorum.format(quorum=figure(10, lang), met=t.gettext("met")) in text
    examined = re.search(re.escape(t.gettext("Applications examined")) + r" (\d+) \(([^)]+)\)", text)
    assert examined is not None and figure(int(examined[1]), lang) == f"{examined[1]} ({examined[2]})"
    assert t.gettext("The quorum is met: the session is competent to decide.") in text
    assert t.gettext("Commission members absent ({count})").format(count=2) in text
    for name in (*view.present, *DEMO_ABSENT):
        assert name in text
    assert t.gettext("Objections") in text and t.gettext("Dissenting opinions") in text
    assert text.count(t.gettext("(signature)")) == 13  # the members present sign, the absent do not
    others = [n for n in view.present if n not in (CHAIR, SECRETARY)]
    expected = [CHAIR, SECRETARY, *sorted(others, key=kyrgyz_sort_key)]
    assert signature_order(text, lang, [*view.present, *DEMO_ABSENT]) == expected
    assert t.gettext("DRAFT") not in text


@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_a_draft_says_draft_on_every_page_and_carries_no_number(
    full_demo_db: Database, screened: int, lang: str
) -> None:
    t = i18n.Translator(lang)
    assert t.gettext("DRAFT") == {"ky": "ДОЛБООР", "ru": "ПРОЕКТ"}[lang]
    with full_demo_db.uow() as uow:
        pdf = papers.screening_draft(uow, screened, lang)
    pages = page_texts(pdf)
    assert len(pages) > 1
    for page in pages:
        assert t.gettext("DRAFT") in page
        assert "2026/04-S" not in page and "SHA-256" not in page
    text = pdf_text(pdf)
    assert PLACE[lang] in text and words(t.format_date(DEMO_DAY)) in text


def test_objections_and_dissent_come_from_the_protocol_facts(full_demo_db: Database, screened: int) -> None:
    with full_demo_db.uow() as uow:
        text = pdf_text(papers.screening_draft(uow, screened, "ru"))
        assert "Возражения нет Особые мнения нет" in text  # "none" printed when none
        uow.session.add(
            models.ProtocolFacts(
                competition_id=screened,
                kind=ProtocolKind.SCREENING,
                round_number=0,
                objections="Асанова Г. Т.: справка № 12 не заверена",
                dissent="",
            )
        )
        uow.commit()
    with full_demo_db.uow() as uow:
        text = pdf_text(papers.screening_draft(uow, screened, "ru"))
    assert "Возражения Асанова Г. Т.: справка № 12 не заверена Особые мнения нет" in text


def test_the_criteria_legend_is_on_the_page_of_the_grid(full_demo_db: Database, screened: int) -> None:
    with full_demo_db.uow() as uow:
        pages = page_texts(papers.screening_draft(uow, screened, "ky"))
    legend = next(i for i, page in enumerate(pages) if "1: " in page and "12: " in page)
    assert "2026/04-001" in pages[legend].split("12: ")[1]  # the grid's first row follows the legend on its page


def test_an_old_record_keeps_its_screening_fingerprint() -> None:
    """A record exported before the session existed (no "screening_session" key) keeps its fingerprint."""
    from osgo_desktop.domain import record as rules

    record_ = {
        "competition": {k: None for k in ("number", "kind", "variant", "body", "seats", "term_years")},
        "candidates": [],
        "screening": [],
    }
    before = rules.protocol_fingerprint(record_, ProtocolKind.SCREENING)
    assert rules.protocol_fingerprint({**record_, "screening_session": None}, ProtocolKind.SCREENING) != before
    assert "screening_session" not in rules.protocol_basis(record_, ProtocolKind.SCREENING)
