"""Public codes (report tracking codes, question and sign-up codes): 9 random characters and one
check character, from an alphabet without look-alikes (no 0/O, 1/I/L). Pure Python, no Django.

The alphabet has 31 symbols, a prime, so a weighted sum modulo 31 with weights 1..9 catches every
single mistyped character and every swap of two neighbours: each weight and each difference of
two weights is invertible modulo a prime. That is what lets the status page tell "you mistyped
it" (400) apart from "no such report" (404).
"""

from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BODY_LENGTH = 9
LENGTH = BODY_LENGTH + 1
_VALUE = {c: i for i, c in enumerate(ALPHABET)}


class MalformedCode(ValueError):
    """Not a code at all, or a code whose check character does not match: a typo."""


def check_char(body: str) -> str:
    total = sum((i + 1) * _VALUE[c] for i, c in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def generate() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))
    return body + check_char(body)


def normalise(raw: str) -> str:
    """What a person typed, as a code: upper case, spaces and dashes dropped (the receipt groups
    the code as ABCDE-FGHJK for reading aloud)."""
    return "".join(ch for ch in (raw or "").upper() if ch not in " -\t")


def parse(raw: str) -> str:
    """The normalised code, or MalformedCode if it cannot be one of ours."""
    code = normalise(raw)
    if len(code) != LENGTH or any(c not in _VALUE for c in code):
        raise MalformedCode(code)
    if check_char(code[:BODY_LENGTH]) != code[-1]:
        raise MalformedCode(code)
    return code


def grouped(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"
