"""Write ``tests/fixtures/election_v0010.sqlite`` and ``record_v1.zip``: an election held at schema 0010, and its
record as that version exported it (format 1).

It must run against the code of schema 0010 (commit 8458156), not the current one: the tests migrate what that
version wrote and verify what it exported. See ``tests/fixtures/README.md`` for the exact commands.

The database holds the demo, its competition 2026/04 screened, voted over two rounds with a settled paper, every
protocol issued in both languages and the competition closed by the signed decision
(``tests.record_support.hold_the_election``). Its document store is left out (the demo's intake documents are large):
the files an export needs, the protocol PDFs and the signed scan, are in ``record_v1.zip`` (format 1: the entries of
tables with personal data without their data), and a test puts them back into a store by their SHA-256.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("OSGO_HOME", tempfile.mkdtemp(prefix="osgo-fixture-"))

from osgo_desktop.services import demo
from osgo_desktop.services.export import export_record
from osgo_desktop.storage.quick import sqlite_url
from osgo_desktop.storage.uow import Database
from tests.conftest import pinned_clock
from tests.record_support import hold_the_election


def main(target: Path) -> None:
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "election.sqlite"
        db = Database.open(sqlite_url(path), pinned_clock())
        with db.uow() as uow:
            demo.load_demo(uow, db.document_store())
        competition_id = hold_the_election(db)
        with db.uow() as uow:
            record = export_record(uow, db.document_store(), competition_id)
        assert db.check_audit().ok
        db.close()
        connection = sqlite3.connect(path)  # one self-contained file
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("VACUUM")
        connection.close()
        (target / "election_v0010.sqlite").write_bytes(path.read_bytes())
        (target / "record_v1.zip").write_bytes(record)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
