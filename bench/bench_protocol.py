"""Benchmark: the rating-vote protocol of a round with 300 candidates and 15 + 4 signatures, against a bare
reportlab document of the same 300 rows (the same fonts, a plain repeating-header Table) in the same run.

Run from the repository root: ``python bench/bench_protocol.py``. The goal is a ratio of at most 1.5.

The two are run in turn, REPEATS times each, and timed in CPU time (``time.process_time``): on a machine shared with
other work, wall time measures the neighbours as much as the code. The QR code (made once per protocol) is timed
apart, as what it adds to the protocol.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table

from osgo_desktop.domain.fingerprint import FingerprintPayload, fingerprint_payload_text
from osgo_desktop.domain.profile import LEGAL_BASIS
from osgo_desktop.i18n import Translator
from osgo_desktop.reports.layout import SANS, SERIF, QrCode, register_fonts
from osgo_desktop.reports.vote import RankingRow, VoteProtocolData, standing_text, vote_protocol_pdf

CANDIDATES = 300
SEATS = 15
REPEATS = 9
LETTERS = "АБВГДЕЖЗИЙКЛМНҢОӨПРСТУҮФХЧШЫЭЮЯ"


def make_data(rnd: random.Random) -> VoteProtocolData:
    def name() -> str:
        return " ".join(
            rnd.choice(LETTERS) + "".join(rnd.choice(LETTERS).lower() for _ in range(rnd.randint(4, 9)))
            for _ in range(3)
        )

    votes = sorted((rnd.randint(0, 15) for _ in range(CANDIDATES)), reverse=True)
    ranking = []
    for index, count in enumerate(votes):
        rank = 1 + sum(v > count for v in votes)
        standing = "elected" if index < SEATS else "reserve"
        ranking.append(RankingRow(rank, index + 1, name(), count, standing))  # type: ignore[arg-type]
    members = tuple((name(), "мүчө") for _ in range(15))
    counting = tuple((name(), "Эсеп комиссиясынын мүчөсү") for _ in range(4))
    return VoteProtocolData(
        issuer="Коомдук кеңештердин мүчөлөрүн тандоо боюнча комиссия",
        legal_basis=LEGAL_BASIS.ky,
        competition_number="2026/04",
        kind_label="Коомдук кеңеш",
        body="Кыргыз Республикасынын Билим берүү жана илим министрлиги",
        round_number=1,
        runoff_of=None,
        seats=SEATS,
        max_marks=SEATS,
        min_votes=0,
        session_date=dt.date(2026, 11, 23),
        place="Бишкек ш.",
        start_time="10:00",
        mode_label="Жашыруун добуш берүү",
        members_total=15,
        quorum=10,
        members_present=members,
        chair=members[0][0],
        secretary=members[1][0],
        counting_present=counting,
        papers_printed=15,
        papers_issued=15,
        papers_returned=15,
        papers_unused=0,
        ballots_valid=15,
        ballots_blank=0,
        ballots_invalid=0,
        invalid=(),
        settlements=(),
        ranking=tuple(ranking),
        already_elected=(),
        elected=tuple(r.number for r in ranking[:SEATS]),
        reserve=tuple(r.number for r in ranking[SEATS:]),
        vacant_seats=0,
        tie=None,
        fingerprint="ab" * 32,
    )


def bare(data: VoteProtocolData) -> bytes:
    """The same rows in a plain reportlab table: the floor of what any protocol of them costs. The cells are the
    protocol's own (rank, number, name, votes and the result the ranking prints), so both sides draw the same text."""
    buffer = io.BytesIO()
    t = Translator("ky")
    header = ["Орун", "№", "Талапкер", "Добуш", "Жыйынтык"]
    rows = [header] + [[str(r.rank), str(r.number), r.name, str(r.votes), standing_text(t, r)] for r in data.ranking]
    table = Table(rows, repeatRows=1)
    table.setStyle([("FONT", (0, 0), (-1, -1), SERIF, 9), ("FONT", (0, 0), (-1, 0), SANS, 9)])
    SimpleDocTemplate(buffer, pagesize=A4, initialFontName=SERIF).build([table])
    return buffer.getvalue()


def timed(fn: object, *args: object) -> float:
    start = time.process_time()
    fn(*args)  # type: ignore[operator]
    return time.process_time() - start


def main() -> None:
    register_fonts()
    data = make_data(random.Random(20140524))
    issued = dt.date(2026, 11, 23)
    ours = vote_protocol_pdf(data, "ky", issued)  # warm-up: fonts, styles, translations
    bare(data)
    ours_times: list[float] = []
    bare_times: list[float] = []
    for _ in range(REPEATS):  # in turn, so that a busy moment of the machine weighs on both alike
        ours_times.append(timed(vote_protocol_pdf, data, "ky", issued))
        bare_times.append(timed(bare, data))
    payload = fingerprint_payload_text(FingerprintPayload("2026/04", "2026/04-V1", data.fingerprint or ""))
    qr_times = [timed(QrCode, payload) for _ in range(REPEATS)]
    o, b = statistics.median(ours_times), statistics.median(bare_times)
    print(
        f"vote protocol, {CANDIDATES} candidates, 19 signatures: median {o * 1000:.0f} ms CPU ({len(ours) // 1024} KB)"
    )
    print(f"bare reportlab table of the same rows: median {b * 1000:.0f} ms CPU")
    print(f"QR code alone (part of the protocol): median {statistics.median(qr_times) * 1000:.1f} ms")
    print(f"ratio: {o / b:.2f}x (goal: at most 1.5x)")


if __name__ == "__main__":
    main()
