"""Benchmark: the ballot papers of a round of 300 candidates, 500 papers, against a bare reportlab table of the
same 300 rows drawn for each of the 500 papers with the same fonts, in the same run; time and peak memory.

    python bench/bench_ballots.py [--candidates 300] [--papers 500] [--runs 1]

Each run is a process of its own (so its peak resident memory, ``ru_maxrss``, is its own): it imports, registers
the fonts and renders a one-paper warm-up, then renders the papers, timed; it reports the time, the peak memory,
the pages and the size. The bare side is a reportlab ``Table`` of the papers' rows (number, name, an empty cell for
the box; PT Serif 9, PT Sans Bold numbers) laid out once and drawn on each of as many pages as there are papers:
the floor of what drawing the same rows with reportlab costs. ``--platypus`` adds a platypus story of such a table
per paper, across as many pages as it takes (what laying the papers out as a story costs). A last process only
imports and warms up, to show what the interpreter itself holds.
Goals: a ratio of time of at most 2, and at most 300 MB for the papers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_RATIO = 2.0
GOAL_MB = 300
LETTERS = "АБВГДЕЖЗИЙКЛМНҢОӨПРСТУҮФХЧШЫЭЮЯ"
ISSUED = dt.date(2026, 11, 23)


def make_data(candidates: int, papers: int) -> Any:
    from osgo_desktop.domain.collation import kyrgyz_sort_key
    from osgo_desktop.reports.ballots import BallotPaperData

    rnd = random.Random(20140524)

    def name() -> str:
        return " ".join(
            rnd.choice(LETTERS) + "".join(rnd.choice(LETTERS).lower() for _ in range(rnd.randint(4, 9)))
            for _ in range(3)
        )

    names = sorted((name() for _ in range(candidates)), key=kyrgyz_sort_key)
    return BallotPaperData(
        issuer="Коомдук кеңештердин мүчөлөрүн тандоо боюнча комиссия",
        competition_number="2026/04",
        competition_title="Кыргыз Республикасынын Билим берүү жана илим министрлигинин коомдук кеңеши",
        round_number=1,
        runoff=False,
        seats=15,
        candidates=tuple(enumerate(names, start=1)),
        serials=tuple(f"{n:03d}" for n in range(1, papers + 1)),
        session_date=ISSUED,
    )


def ours(data: Any) -> bytes:
    from osgo_desktop.reports.ballots import ballot_papers_pdf

    result: bytes = ballot_papers_pdf(data, "ky", ISSUED)
    return result


def bare(data: Any) -> bytes:
    """The same rows in a bare reportlab table, laid out once and drawn on each of the pages, one per paper (the
    table runs off the foot of the page: only its drawing is measured)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Table

    from osgo_desktop.reports.layout import SANS, SERIF

    table = Table([[str(number), name, ""] for number, name in data.candidates])
    table.setStyle([("FONT", (0, 0), (-1, -1), SERIF, 9), ("FONT", (0, 0), (0, -1), f"{SANS}-Bold", 9)])
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=SERIF)
    _width, height = table.wrapOn(canvas, A4[0], A4[1])
    for _serial in data.serials:
        table.drawOn(canvas, 20 * 72 / 25.4, A4[1] - 20 * 72 / 25.4 - height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def platypus(data: Any) -> bytes:
    """The same rows, a bare platypus table per paper that runs over as many pages as it takes, a page break
    after each: what the papers cost when laid out as a story (as they were before they became forms)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Table

    from osgo_desktop.reports.layout import SANS, SERIF

    rows = [[str(number), name, ""] for number, name in data.candidates]
    story: list[Any] = []
    for _serial in data.serials:
        table = Table(rows)
        table.setStyle([("FONT", (0, 0), (-1, -1), SERIF, 9), ("FONT", (0, 0), (0, -1), f"{SANS}-Bold", 9)])
        story += [table, PageBreak()]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=SERIF).build(story[:-1])
    return buffer.getvalue()


def child(side: str, candidates: int, papers: int) -> None:
    """One measured run, its figures as JSON on stdout."""
    from osgo_desktop.reports.layout import register_fonts

    register_fonts()
    function = {"ours": ours, "bare": bare, "platypus": platypus, "idle": None}[side]
    data = make_data(candidates, papers)
    elapsed, pages, size = 0.0, 0, 0
    if function is not None:
        function(make_data(candidates, 1))  # warm-up: fonts, styles, translations
        start = time.perf_counter()
        pdf = function(data)
        elapsed = time.perf_counter() - start
        pages, size = len(re.findall(rb"/Type /Page\b(?!s)", pdf)), len(pdf)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    json.dump({"seconds": elapsed, "peak_mb": peak_kb / 1024, "pages": pages, "bytes": size}, sys.stdout)


def run(side: str, candidates: int, papers: int) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", side, "--candidates", str(candidates), "--papers", str(papers)]
    result = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
    figures: dict[str, float] = json.loads(result.stdout)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--candidates", type=int, default=300)
    parser.add_argument("--papers", type=int, default=500)
    parser.add_argument("--runs", type=int, default=1, help="measured processes of each side (default 1)")
    parser.add_argument(
        "--platypus", action="store_true", help="also a platypus table per paper, across pages (slow: about a minute)"
    )
    parser.add_argument("--child", choices=("ours", "bare", "platypus", "idle"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.candidates, args.papers)
        return 0

    idle = run("idle", args.candidates, args.papers)
    sides = ["ours", "bare", *(["platypus"] if args.platypus else [])]
    results: dict[str, list[dict[str, float]]] = {side: [] for side in sides}
    for index in range(args.runs):
        # turns in a different order each run, so that drift on the machine falls on all alike
        for side in sides if index % 2 == 0 else reversed(sides):
            results[side].append(run(side, args.candidates, args.papers))
    label = {"ours": "ballot papers", "bare": "bare table per page", "platypus": "platypus table per paper"}
    for side, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        peak = max(r["peak_mb"] for r in runs)
        print(
            f"{label[side]:<24}  {args.candidates} candidates x {args.papers} papers: median {seconds:6.2f} s, "
            f"peak memory {peak:5.0f} MB, {int(runs[0]['pages'])} pages, {runs[0]['bytes'] / 1024 / 1024:.1f} MB"
        )
    print(f"{'interpreter alone':<24}  imports, fonts and data: peak memory {idle['peak_mb']:5.0f} MB")
    ratio = statistics.median(r["seconds"] for r in results["ours"]) / statistics.median(
        r["seconds"] for r in results["bare"]
    )
    peak = max(r["peak_mb"] for r in results["ours"])
    print(f"ratio: {ratio:.2f}x (goal: at most {GOAL_RATIO:g}x); peak memory {peak:.0f} MB (goal: under {GOAL_MB} MB)")
    return 0 if ratio <= GOAL_RATIO and peak < GOAL_MB else 1


if __name__ == "__main__":
    sys.exit(main())
