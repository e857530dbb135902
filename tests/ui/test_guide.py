"""The user guide: Help » Guide and F1 open the page of the screen on view, in the UI's language; its pictures are
there; the Kyrgyz, Russian and English guides have the same pages and sections; the package ships them."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QPixmap, QTextDocument
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from osgo_desktop import i18n
from osgo_desktop.clock import FixedClock
from osgo_desktop.storage.uow import Database
from tests.conftest import opened_copy
from tests.voting_support import open_session, screened_competition
from ui.context import AppContext
from ui.dialogs.guide import DIALOG_SECTIONS, PAGE_SECTIONS, SECTIONS, GuideDialog, guide_root, section_url
from ui.dialogs.sign_in import FirstAdministratorDialog, SignInFlow
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.windows.entry import GUIDE_SECTION


class Page(HTMLParser):
    """What a guide page holds: its title, anchors, pictures and links."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.anchors: list[str] = []
        self.images: list[str] = []
        self.links: list[str] = []
        self.title = ""
        self._in_h1 = False
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("name"):
            self.anchors.append(str(found["name"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "img":
            self.images.append(str(found.get("src")))
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.title += data


def page(lang: str, section: str) -> Page:
    return Page(guide_root() / lang / f"{section}.html")


def shown_title(guide: GuideDialog) -> str:
    return guide.browser.document().toPlainText().strip().splitlines()[0]


@pytest.fixture
def screened_db(tmp_path: Path, demo_template: Path, clock: FixedClock) -> Iterator[Database]:
    """The demo with its documents; 2026/04's vote session is opened by the test that needs it."""
    yield from opened_copy(demo_template, tmp_path / "demo.sqlite", clock)


@pytest.fixture
def demo_window(qtbot: QtBot, screened_db: Database, settings: Settings, home: Path) -> Iterator[MainWindow]:
    ctx = AppContext(screened_db, settings, screened_db.clock)
    main = MainWindow(ctx)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    ctx.tasks.cancel_all()
    ctx.tasks.wait()


def press_f1(qtbot: QtBot, window: MainWindow) -> GuideDialog:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.guide is not None, "F1 opened no guide"
    return window.guide


def test_help_guide_opens_in_the_ui_language_at_the_page_on_view(
    qtbot: QtBot, window: MainWindow, ctx: AppContext
) -> None:
    ctx.set_language("ky")
    assert window.guide_action.text() == i18n.Translator("ky").gettext("&Guide")
    window.guide_action.trigger()
    guide = window.guide
    assert guide is not None and guide.isVisible()
    assert (guide.current_language(), guide.current_section()) == ("ky", "competitions")
    assert shown_title(guide) == page("ky", "competitions").title

    # The language changes while it is open: the same page, now in Russian, its buttons too.
    guide.show_section("voting#entry")
    ctx.set_language("ru")
    assert (guide.current_language(), guide.current_section()) == ("ru", "voting#entry")
    assert shown_title(guide) == page("ru", "voting").title
    assert guide.close_button.text() == i18n.Translator("ru").gettext("Close")

    # Contents, then Back.
    guide.contents_button.click()
    assert guide.current_section() == "index"
    assert guide.back_button.isEnabled()
    guide.back_button.click()
    assert guide.current_section() == "voting#entry"


def test_f1_on_each_page_opens_its_section(qtbot: QtBot, demo_window: MainWindow, screened_db: Database) -> None:
    ws = demo_window.ws
    with screened_db.uow() as uow:
        competition = screened_competition(uow)
    open_session(screened_db)  # the voting page shows once the session is open
    screens = {
        "competitions": ws.show_competitions,
        "competition": lambda: ws.open_competition(competition),
        "applications": lambda: ws.open_applications(competition),
        "screening": lambda: ws.open_screening(competition),
        "voting": lambda: ws.open_voting(competition),
        "protocols": lambda: ws.open_protocols(competition),
        "compositions": ws.open_compositions,
    }
    assert set(screens) == set(PAGE_SECTIONS), "every page of the window has its section"
    # each page has the guide's page of its own name (the voting page's is the vote in the room, and so on)
    expected = {name: name for name in screens}
    for lang in ("ky", "en"):
        i18n.set_language(lang)
        for name, show in screens.items():
            show()
            assert ws.current_page_name() == name
            guide = press_f1(qtbot, demo_window)
            assert guide.isVisible()
            assert (guide.current_language(), guide.current_section()) == (lang, expected[name])
            assert shown_title(guide) == page(lang, expected[name]).title
            guide.close()


def test_f1_on_the_entry_screen_opens_the_guide_on_entering_papers(
    qtbot: QtBot, demo_window: MainWindow, screened_db: Database
) -> None:
    """The entry screen is a window of its own: F1 there opens the guide at the entry section, in front."""
    ws = demo_window.ws
    with screened_db.uow() as uow:
        competition = screened_competition(uow)
    open_session(screened_db)
    i18n.set_language("ky")
    ws.open_voting(competition)
    entry = ws.voting_page.open_entry()
    assert entry is not None
    qtbot.waitExposed(entry)
    entry.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is entry)
    qtbot.keyClick(entry.secret, Qt.Key.Key_F1)
    guide = demo_window.guide
    assert guide is not None and guide.isVisible(), "F1 on the entry screen opened no guide"
    assert (guide.current_language(), guide.current_section()) == ("ky", GUIDE_SECTION)
    assert shown_title(guide) == page("ky", "voting").title
    entry.close()


def press_f1_in(qtbot: QtBot, dialog: QWidget) -> GuideDialog:
    """F1 in a dialog of its own: the guide it opens over itself."""
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_F1)
    guide = dialog.findChild(GuideDialog)
    assert guide is not None, "F1 opened no guide"
    return guide


def test_f1_on_the_first_start_opens_the_guide_over_the_form(
    qtbot: QtBot, db: Database, settings: Settings, home: Path
) -> None:
    """The first start's form blocks every other window until somebody has signed in: F1 there opens the guide at
    the first start, over the form (a child of it, so it is not blocked with the main window), in the UI's
    language."""
    db.principal = None
    ctx = AppContext(None, settings, db.clock)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    i18n.set_language("ky")
    flow = SignInFlow(ctx, db, window)
    flow.start()
    qtbot.waitUntil(lambda: flow.dialog is not None and flow.dialog.isVisible())
    assert isinstance(flow.dialog, FirstAdministratorDialog)
    guide = press_f1_in(qtbot, flow.dialog)
    assert guide.isVisible() and guide.parentWidget() is flow.dialog
    assert (guide.current_language(), guide.current_section()) == ("ky", "people#first-start")
    assert shown_title(guide) == page("ky", "people").title
    assert window.guide is None


def test_f1_in_the_accounts_dialog_opens_the_guide_on_accounts(qtbot: QtBot, window: MainWindow) -> None:
    i18n.set_language("ru")
    dialog = window.open_accounts()
    qtbot.waitExposed(dialog)
    guide = press_f1_in(qtbot, dialog)
    assert guide.isVisible() and guide.parentWidget() is dialog
    assert (guide.current_language(), guide.current_section()) == ("ru", "people#accounts")
    # closed, F1 again brings the same guide back at the section
    guide.show_section("index")
    guide.close()
    assert press_f1_in(qtbot, dialog) is guide and guide.current_section() == "people#accounts"
    dialog.close()


def test_every_dialog_with_f1_has_its_section_in_every_language() -> None:
    for lang in i18n.LANGUAGES:
        for section in DIALOG_SECTIONS.values():
            name, _sep, anchor = section.partition("#")
            assert name in SECTIONS and anchor in page(lang, name).anchors, (lang, section)


def test_the_three_guides_have_the_same_pages_and_sections() -> None:
    files = {lang: sorted(p.stem for p in (guide_root() / lang).glob("*.html")) for lang in i18n.LANGUAGES}
    assert files["ky"] == sorted(SECTIONS)
    assert files["ru"] == files["ky"] and files["en"] == files["ky"]
    assert set(PAGE_SECTIONS.values()) <= set(SECTIONS)
    for section in SECTIONS:
        ky = page("ky", section)
        for lang in ("ru", "en"):
            other = page(lang, section)
            assert other.anchors == ky.anchors, (lang, section)
            assert other.images == ky.images, (lang, section)
            assert other.links == ky.links, (lang, section)
        assert ky.title.strip()


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_picture_and_link_of_the_guide_resolves(qtbot: QtBot, ctx: AppContext, lang: str) -> None:
    folder = guide_root() / lang
    pictures = set()
    for section in SECTIONS:
        content = page(lang, section)
        for src in content.images:
            assert (folder / src).is_file(), f"{lang}/{section}.html: no {src}"
            pictures.add(src)
        for href in content.links:
            target, _sep, anchor = href.partition("#")
            assert (folder / target).is_file(), f"{lang}/{section}.html links to {href}"
            assert not anchor or anchor in page(lang, Path(target).stem).anchors, href
    assert pictures, "the guide shows the app"

    # And as the guide shows it: every picture of every page loads in the browser.
    guide = GuideDialog(ctx)
    qtbot.addWidget(guide)
    i18n.set_language(lang)
    for section in SECTIONS:
        guide.show_section(section)
        for src in page(lang, section).images:
            loaded = guide.browser.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(src))
            assert isinstance(loaded, QPixmap | QImage), f"{lang}/{section}: {src} is broken"
            assert not loaded.isNull(), f"{lang}/{section}: {src} is broken"


def test_the_package_ships_the_guide() -> None:
    """Every file of the guide matches the package data of pyproject.toml, so an installed app finds it."""
    root = Path(__file__).resolve().parents[2]
    patterns = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["*"]
    files = [p for p in guide_root().rglob("*") if p.is_file()]
    assert files
    assert [p for p in files if not any(fnmatch(p.name, pattern) for pattern in patterns)] == []
    assert section_url("ky", "voting#entry").fragment() == "entry"


def test_the_pictures_are_small() -> None:
    """Screenshots are scaled and reduced to a palette: the guide stays a few megabytes."""
    sizes = [p.stat().st_size for p in guide_root().rglob("*.png")]
    assert sum(sizes) < 4_000_000
    assert max(sizes) < 200_000


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_the_pictures_show_the_window_at_the_laptops_size(lang: str) -> None:
    """The pictures of the main window show it as it opens on the 1366 × 768 laptop the guide is written for (the
    tool's screen is that size: on Qt's own 800 × 800 offscreen screen the maximised window came out square)."""
    for name in ("competitions", "competition", "voting", "protocols"):
        image = QImage(str(guide_root() / lang / "img" / f"{name}.png"))
        assert image.width() * 768 == pytest.approx(image.height() * 1366, rel=0.01), name
