"""Types every API router shares: the JSON error body of CONTRACTS §7 and text parameters that refuse NUL
(PostgreSQL cannot store it, so it is a 422 at the door rather than a 500 later)."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field


def no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("karakter NUL tidak diizinkan (NUL character not allowed)")
    return value


def text(max_length: int):
    """A string parameter of at most ``max_length`` characters, without NUL."""
    return Annotated[str, Field(max_length=max_length), AfterValidator(no_nul)]


Text = text(200)
Code = text(40)  # ids and codes
Cursor = text(500)


class Error(Schema):
    detail: str
    errors: list[dict]
