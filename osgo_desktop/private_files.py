"""Files that hold applicants' personal data — the database and its copies, exports, saved PDFs, the documents
folder — made readable by their owner only (docs/decisions.md, "Personal data").

The mode is set when a file is created (``os.open`` with it, so no other user can open the file in between), never
by a ``chmod`` after writing. On Windows the modes mean little (a file's access list decides): there these functions
create files as usual and tighten nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

log = logging.getLogger(__name__)

#: a file only its owner reads and writes
PRIVATE_FILE: Final = 0o600
#: a folder only its owner lists and enters
PRIVATE_DIR: Final = 0o700
#: whether file modes mean anything here
POSIX: Final = os.name == "posix"


def make_private_dir(path: Path) -> Path:
    """``path`` as a folder; created (with any missing parents) readable by its owner only. An existing folder is
    left as it is: it may be one the user chose and shares on purpose."""
    path.mkdir(mode=PRIVATE_DIR, parents=True, exist_ok=True)
    return path


def make_own_dir(path: Path) -> Path:
    """``path`` as a folder that is the app's own (a workstation's cache of documents kept on the server): created
    owner-only, and made so if it exists — no user chose it, so nobody shares it on purpose."""
    make_private_dir(path)
    if POSIX:
        os.chmod(path, PRIVATE_DIR)
    return path


def create_private(path: Path) -> bool:
    """Create ``path`` empty and owner-only when it does not exist yet (True); leave an existing one (False)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), PRIVATE_FILE)
    except FileExistsError:
        return False
    os.close(descriptor)
    return True


def write_private(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` whole or not at all (a ``.part`` file renamed over it), owner-only."""
    make_private_dir(target.parent)
    partial = target.with_name(target.name + ".part")
    with open_private(partial) as file:
        file.write(data)
    partial.replace(target)
    return target


@contextlib.contextmanager
def open_private(path: Path) -> Iterator[BinaryIO]:
    """``path`` opened for writing in binary, truncated, created owner-only — and made so if it existed."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags, PRIVATE_FILE)
    if POSIX:
        os.fchmod(descriptor, PRIVATE_FILE)  # a leftover .part of a run before may have had another mode
    with open(descriptor, "wb") as file:
        yield file


def make_private(path: Path) -> None:
    """Make an existing file owner-only (a copy that another function wrote)."""
    if POSIX:
        os.chmod(path, PRIVATE_FILE)


def tighten(path: Path) -> bool:
    """Take away other users' access to an existing file that has it (True when it had it): a database made by an
    earlier version of the app, which created files readable by everyone. A file that is gone is left (False)."""
    if not POSIX:
        return False
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return False
    if not mode & 0o077:
        return False
    os.chmod(path, mode & 0o700)
    return True
