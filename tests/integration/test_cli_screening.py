"""``osgo screening session`` records the screening session (bad input: exit 2 and a message); ``osgo screening
report`` writes a draft with no number, its place from the session."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from osgo_desktop.services import screening
from osgo_desktop.services.demo import SESSION_PLACE
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import pinned_clock
from tests.integration.test_cli import osgo
from tests.voting_support import screened_competition


@pytest.fixture
def demo_url(tmp_path: Path) -> str:
    url = sqlite_url(tmp_path / "screening.sqlite")
    assert osgo("--db", url, "--lang", "en", "demo")[0] == 0
    return url


def member_ids(url: str) -> tuple[dict[str, int], int | None, int | None]:
    """Name → id of the active members, the registry's chair and secretary."""
    db = Database.open(url, pinned_clock())
    try:
        with db.uow() as uow:
            setup = screening.screening_setup(uow, screened_competition(uow))
    finally:
        db.close()
    return {m.name: m.id for m in setup.members}, setup.chair_id, setup.secretary_id


def session_args(ids: list[int], chair: int | None, secretary: int | None, **options: str) -> list[str]:
    values = {
        "--date": "20.11.2026",
        "--place": "Бишкек ш., Ак Үй",
        "--place-ru": "г. Бишкек, Белый дом",
        "--start": "14:00",
        "--end": "16:15",
        "--present": ",".join(str(i) for i in ids),
        "--chair": str(chair),
        "--secretary": str(secretary),
        **options,
    }
    return [part for key, value in values.items() for part in (key, value)]


def test_the_session_is_shown_then_recorded(demo_url: str) -> None:
    code, out, err = osgo("--db", demo_url, "--lang", "en", "screening", "session", "2026/04")
    assert code == 0, err
    assert "Screening session: 2026-11-16, 10:00–12:30, город Бишкек, проспект Чуй, 205, большой зал" in out
    assert "Present: 13 of 15 (quorum 10)" in out
    assert "Chair of the session: Токтосунова Динара Уланбековна" in out
    names, chair, secretary = member_ids(demo_url)
    assert f"{names['Эсенов Азамат Кубанычбек уулу']:>3}  Эсенов Азамат Кубанычбек уулу  (Member)" in out
    code, out, err = osgo(
        "--db",
        demo_url,
        "--lang",
        "ky",
        "screening",
        "session",
        "2026/04",
        *session_args(list(names.values()), chair, secretary),
    )
    assert code == 0, err
    assert "Текшерүү отуруму: 20.11.2026, 14:00–16:15, Бишкек ш., Ак Үй" in out
    assert "15 ичинен 15 (кворум 10)" in out


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"--end": "13:00"}, "The session ends after it starts."),
        ({"--start": "2 pm"}, "Enter the start time as hours and minutes, e.g. 10:00."),
        ({"--present": "FEW"}, "9 of 15 Commission members are present; the quorum is 10 members."),
        ({"--chair": "999"}, "The chair and the secretary of the session must be among the members present."),
        ({"--date": "2026-11-31"}, "not a date"),
        ({"--present": "1,x"}, "not a list of ids separated by commas"),
    ],
)
def test_bad_input_exits_2_with_a_message(
    demo_url: str, options: dict[str, str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    names, chair, secretary = member_ids(demo_url)
    if options.get("--present") == "FEW":
        others = [i for i in names.values() if i not in (chair, secretary)]
        options = {"--present": ",".join(str(i) for i in [chair, secretary, *others][:9])}
    args = session_args(list(names.values()), chair, secretary, **options)
    code, out, err = osgo("--db", demo_url, "--lang", "en", "screening", "session", "2026/04", *args)
    err += capsys.readouterr().err  # argparse's own usage errors go to the process's stderr
    assert code == 2 and message in err and out == ""
    code, out, _err = osgo("--db", demo_url, "--lang", "en", "screening", "session", "2026/04")
    assert "Present: 13 of 15" in out  # nothing changed


def test_a_session_needs_all_its_options(demo_url: str) -> None:
    code, _out, err = osgo(
        "--db", demo_url, "--lang", "en", "screening", "session", "2026/04", "--date", "20.11.2026", "--place", "X"
    )
    assert code == 2
    assert "To record the session, give also: --start, --end, --present, --chair, --secretary" in err


def test_the_report_is_a_draft_without_a_number_or_a_place_option(
    demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "screening-ru.pdf"
    code, _out, err = osgo(
        "--db", demo_url, "--lang", "ru", "screening", "report", "2026/04", "--out", str(target), "--place", "X"
    )
    assert code == 2 and "--place" in capsys.readouterr().err
    code, out, err = osgo("--db", demo_url, "--lang", "ru", "screening", "report", "2026/04", "--out", str(target))
    assert code == 0, err
    assert str(target) in out
    text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "ПРОЕКТ" in text and "2026/04-S" not in text
    assert SESSION_PLACE[1] in text  # the place comes from the session
