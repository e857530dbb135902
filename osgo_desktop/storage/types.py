"""Column types that give the services typed values — enum members, parsed JSON — while the database keeps the very
text it always held, so the audit chain (which hashes the stored text) needs no rewriting (migration 0008)."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Dialect, Enum, Text
from sqlalchemy.types import TypeDecorator

E = TypeVar("E", bound=StrEnum)


def enum_column(enum: type[E], length: int) -> Enum:
    """A ``VARCHAR(length)`` holding an enum member's value ("council"), read back as the member: no native enum
    type and no CHECK constraint, so the column is the one earlier versions made."""
    return Enum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class JSONText(TypeDecorator[Any]):
    """JSON kept as text, written in the one spelling the column has always had (``sort_keys``, ``ensure_ascii``
    as the earlier code passed them to ``json.dumps``), so a row written now reads as one written before.

    ``empty_is_none``: the column holds "" until it is filled (a closed round's tally, a frozen record), read as
    None and written for None.
    """

    impl = Text
    cache_ok = True

    def __init__(self, *, sort_keys: bool = False, ensure_ascii: bool = True, empty_is_none: bool = False) -> None:
        super().__init__()
        self.sort_keys = sort_keys
        self.ensure_ascii = ensure_ascii
        self.empty_is_none = empty_is_none

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return "" if self.empty_is_none else None
        return json.dumps(value, sort_keys=self.sort_keys, ensure_ascii=self.ensure_ascii)

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        if value is None or (value == "" and self.empty_is_none):
            return None
        return json.loads(value)
