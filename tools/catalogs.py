"""Keep the translation catalogues in step with the source: extract the messages and update ky, ru and en.

    python tools/catalogs.py    # extract to resources/locale/osgo.pot and update every .po

tests/unit/test_translations.py fails when a Kyrgyz or Russian message is missing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "resources" / "locale"
POT = LOCALE / "osgo.pot"
KEYWORDS = ["-k", "N_", "-k", "ngettext:1,2"]


def run(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)


def extract(target: Path) -> None:
    run(
        "extract",
        "-F",
        "babel.cfg",
        *KEYWORDS,
        "--no-location",
        "--sort-output",
        "--project",
        "OSGO Desktop",
        "--copyright-holder",
        "OSGO Desktop team",
        "--msgid-bugs-address",
        "",
        "-o",
        str(target),
        ".",
    )


def main() -> int:
    argparse.ArgumentParser(description=__doc__).parse_args()
    extract(POT)
    for lang in ("ky", "ru", "en"):
        po = LOCALE / lang / "LC_MESSAGES" / "osgo.po"
        if po.exists():
            run(
                "update",
                "-i",
                str(POT),
                "-o",
                str(po),
                "-l",
                lang,
                "--no-fuzzy-matching",
                "--ignore-obsolete",
            )
        else:
            run("init", "-i", str(POT), "-o", str(po), "-l", lang)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
