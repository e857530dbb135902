"""The fonts that carry the Kyrgyz letters (ң ө ү): PT Sans and PT Serif, OFL, shipped as Python packages."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Final

#: family → style → file name inside the font package's ``files`` folder
_FILES: Final = {
    "PT Sans": ("fontpkg_pt_sans", "PT_Sans-Web-{style}.ttf"),
    "PT Serif": ("fontpkg_pt_serif", "PT_Serif-Web-{style}.ttf"),
}
STYLES: Final = ("Regular", "Bold", "Italic", "BoldItalic")


def font_file(family: str, style: str = "Regular") -> Path:
    package, pattern = _FILES[family]
    path = resources.files(package).joinpath("files", pattern.format(style=style))
    return Path(str(path))


def families() -> tuple[str, ...]:
    return tuple(_FILES)
