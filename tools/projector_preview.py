"""Render the projector view of the rating vote with sample data: 15 candidates, both phases, in ky, ru and en.

python tools/projector_preview.py [OUT_DIR] [WIDTHxHEIGHT]    # default: /tmp/projector 1920x1080

Offscreen Qt unless QT_QPA_PLATFORM says otherwise (under ``xvfb-run`` set it to ``xcb`` to see real fonts).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OSGO_HOME", tempfile.mkdtemp(prefix="osgo-projector-"))

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from osgo_desktop.clock import SystemClock
from osgo_desktop.services.projector import ProjectorRow, ProjectorState, RowStatus
from ui.app import load_fonts, load_style
from ui.context import AppContext
from ui.settings import Settings
from ui.windows.projector import ProjectorWindow

#: (name, votes), in Kyrgyz alphabetical order as on the ballot
CANDIDATES = (
    ("Абдыкадыров Нурлан Токтогулович", 9),
    ("Айтматова Гүлнара Сыдыковна", 12),
    ("Бакиева Жылдыз Асановна", 4),
    ("Досалиев Эрлан Маратович", 7),
    ("Жумабаева Айпери Кубанычбековна", 11),
    ("Исаков Бектур Өмүрбекович", 3),
    ("Касымалиев Азамат Жеңишбекович", 7),
    ("Мамытова Чолпон Үсөновна", 10),
    ("Нурбеков Талант Эсенович", 2),
    ("Өмүрова Асел Жолдошбековна", 8),
    ("Сагынбаев Улан Ңурматович", 5),
    ("Тологонова Бүбүсара Алымкуловна", 6),
    ("Үсөнов Кубат Бакытбекович", 8),
    ("Шарипова Мээрим Талантбековна", 1),
    ("Эркинбаев Данияр Русланович", 6),
)
SEATS = 5


def sample(phase: str) -> ProjectorState:
    numbered = [(number, name, votes) for number, (name, votes) in enumerate(CANDIDATES, start=1)]
    ranked = sorted(numbered, key=lambda item: -item[2])  # stable: equal votes stay in ballot order
    rows = []
    for number, name, votes in ranked:
        rank = 1 + sum(1 for *_, other in ranked if other > votes)
        status: RowStatus = "elected" if rank <= SEATS - 1 else "tie" if votes == 8 else "reserve"
        rows.append(ProjectorRow(number, name, votes, rank, "skipped" if number == 3 else status))
    return ProjectorState(
        title="Кыргыз Республикасынын Финансы министрлигинин алдындагы коомдук байкоочу кеңеш",
        competition_number="2026-07",
        round_number=1,
        runoff=False,
        seats=SEATS,
        phase="result" if phase == "result" else "entry",
        ballots_expected=15,
        ballots_agreed=10 if phase == "entry" else 15,
        ballots_entered_once=12 if phase == "entry" else 15,
        disagreements=1 if phase == "entry" else 0,
        rows=tuple(rows),
        note="Тең добуш: 5-орун үчүн кайра добуш берүү (13, 10)" if phase == "result" else "",
    )


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/projector")
    width, height = (int(part) for part in (sys.argv[2] if len(sys.argv) > 2 else "1920x1080").split("x"))
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    load_fonts(app)
    load_style(app)
    settings = Settings(QSettings(str(Path(os.environ["OSGO_HOME"]) / "s.ini"), QSettings.Format.IniFormat))
    ctx = AppContext(None, settings, SystemClock())
    window = ProjectorWindow(ctx)
    window.resize(width, height)
    window.show()
    for lang in ("ky", "ru", "en"):
        ctx.set_language(lang)
        for phase in ("entry", "result"):
            window.show_state(sample(phase))
            app.processEvents()
            window.grab().save(str(out / f"projector-{phase}-{lang}-{width}x{height}.png"))
    ctx.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
