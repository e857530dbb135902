"""Passwords and station PINs: Argon2id (argon2-cffi), memory-hard, so that a stolen database does not give them
up in minutes as the vote session's 4-digit PBKDF2 PINs did. The encoded hash carries its own cost, so a hash made
with other parameters still verifies (and :func:`needs_rehash` says when to renew it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from osgo_desktop.i18n import _


@dataclass(frozen=True)
class Cost:
    """Argon2id's parameters: passes, memory in KiB, lanes."""

    time_cost: int
    memory_cost: int
    parallelism: int


#: what the app hashes with: about a fifth of a second and 64 MiB on the trial machine (see the closing note)
PRODUCTION: Final = Cost(time_cost=3, memory_cost=64 * 1024, parallelism=1)
#: what tests hash with (tests/conftest.py): still real Argon2id, at the lowest cost
LOW: Final = Cost(time_cost=1, memory_cost=1024, parallelism=1)

#: the shortest password an account may have
MIN_PASSWORD: Final = 8
#: the fewest digits of a station PIN
MIN_STATION_PIN: Final = 6

_cost: Cost = PRODUCTION


def use_cost(cost: Cost) -> Cost:
    """Hash new secrets at ``cost`` from now on; returns the cost used before (tests lower it, then restore it)."""
    global _cost
    before, _cost = _cost, cost
    return before


def _hasher() -> PasswordHasher:
    return PasswordHasher(
        time_cost=_cost.time_cost, memory_cost=_cost.memory_cost, parallelism=_cost.parallelism, type=Type.ID
    )


def hash_secret(secret: str) -> str:
    """The Argon2id hash of a password or a station PIN, salted, in argon2's encoded form."""
    return _hasher().hash(secret)


def secret_matches(secret: str, encoded: str) -> bool:
    """Whether ``secret`` is the one ``encoded`` was made from; False for an empty or damaged hash."""
    if not encoded:
        return False
    try:
        return _hasher().verify(encoded, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(encoded: str) -> bool:
    """Whether ``encoded`` was made with other parameters than the app's current ones."""
    try:
        return _hasher().check_needs_rehash(encoded)
    except InvalidHashError:
        return True


def password_problem(password: str) -> str | None:
    """Why ``password`` cannot be an account's password, in words; None when it can."""
    if len(password) < MIN_PASSWORD:
        return _("A password needs at least {count} characters.").format(count=MIN_PASSWORD)
    if password.strip() != password:
        return _("A password cannot begin or end with a space.")
    return None


def station_pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be a station PIN; None when it can."""
    if not re.fullmatch(r"[0-9]+", pin) or len(pin) < MIN_STATION_PIN:
        return _("A station PIN is at least {count} digits.").format(count=MIN_STATION_PIN)
    if len(set(pin)) == 1 or pin in "0123456789" or pin in "9876543210":
        return _("This station PIN is too easy to guess: choose digits that do not repeat or run in a row.")
    return None
