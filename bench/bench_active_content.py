"""Benchmark: the active-content scan of a 20 MB PDF against reading the same file and against storing it.

    python bench/bench_active_content.py [--mb 20] [--rounds 5]

Three PDFs of about ``--mb`` MB, made here: (a) a scan (pages of JPEG images drawn by reportlab: what applicants
hand in most), (b) a text-heavy file whose dictionaries are packed in compressed object streams (the scan inflates
them), (c) random bytes between a PDF header and trailer (no stream to skip: every byte is searched, the worst
case). For each: the best of ``--rounds`` runs of reading the file whole, of SHA-256 over it, of the scan alone
(``active_content.scan_pdf``) and of ``DocumentStore.put`` (copy, hash, type, scan, fsync); the scan is reported as
a ratio to reading the file. Files are in the page cache (read once before timing). Everything made is deleted.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import shutil
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from osgo_desktop.storage import active_content
from osgo_desktop.storage.documents import DocumentStore

MiB = 1024 * 1024


def scanned_more(size: int, rnd: random.Random) -> bytes:
    pages = max(1, size // (460 * 1024))
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for page in range(pages):
        image = io.BytesIO()
        Image.frombytes("RGB", (800, 1000), rnd.randbytes(800 * 1000 * 3)).save(image, "JPEG", quality=60)
        image.seek(0)
        canvas.drawImage(ImageReader(image), 0, 0, 595, 842)
        canvas.drawString(72, 72, f"page {page}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def packed(size: int, rnd: random.Random) -> bytes:
    """Object streams of 200 small dictionaries each, with their (text) page contents as plain streams."""
    out = bytearray(b"%PDF-1.5\n")
    number = 1
    words = [bytes(rnd.choices(b"abcdefghijklmnopqrstuvwxyz", k=rnd.randint(2, 9))) for _ in range(500)]
    while len(out) < size:
        header, body = [], b""
        for index in range(200):
            header.append(b"%d %d" % (number + index, len(body)))
            body += (
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 10 10] /A << /S /URI /URI (https://example.org/%d) >> >>\n"
                % index
            )
        head = b" ".join(header) + b"\n"
        data = zlib.compress(head + body)
        out += b"%d 0 obj\n<< /Type /ObjStm /N 200 /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
            number + 200,
            len(head),
            len(data),
        )
        out += data + b"\nendstream\nendobj\n"
        text = b" ".join(rnd.choices(words, k=20000))
        content = zlib.compress(b"BT /F1 10 Tf 72 720 Td (" + text + b") Tj ET")
        out += b"%d 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n" % (number + 201, len(content))
        out += content + b"\nendstream\nendobj\n"
        number += 202
    return bytes(out + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


def noise(size: int, rnd: random.Random) -> bytes:
    return b"%PDF-1.4\n" + rnd.randbytes(size) + b"\n%%EOF\n"


def best(function: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--mb", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    rnd = random.Random(20260514)
    work = Path(tempfile.mkdtemp(prefix="osgo-bench-active-"))
    try:
        for label, make in (("scan (JPEG pages)", scanned_more), ("object streams", packed), ("random bytes", noise)):
            path = work / "sample.pdf"
            path.write_bytes(make(args.mb * MiB, rnd))
            path.read_bytes()  # into the page cache

            def scan(path: Path = path) -> active_content.Scan:
                with path.open("rb") as file:
                    return active_content.scan_pdf(file)

            def put(path: Path = path) -> None:
                shutil.rmtree(work / "store", ignore_errors=True)
                DocumentStore(work / "store").put(path)

            found = scan()
            read = best(path.read_bytes, args.rounds)
            digest = best(lambda path=path: hashlib.sha256(path.read_bytes()).digest(), args.rounds)
            scanning = best(scan, args.rounds)
            storing = best(put, args.rounds)
            print(
                f"{label:<18} {path.stat().st_size / MiB:5.1f} MB  read {read * 1000:6.1f} ms  sha256 "
                f"{digest * 1000:6.1f} ms  scan {scanning * 1000:6.1f} ms ({scanning / read:4.1f}x read)  "
                f"put {storing * 1000:6.1f} ms  found {[item.value for item in found.found]}"
            )
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
