"""Names that become folders or keys (specs, pools, model variants, searches): letters, digits and ``_ . @ + -``,
and never ``.`` or ``..``, which would name the run directory itself or its parent."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

NAME_PATTERN = r"^[A-Za-z0-9_.@+-]+$"


def safe_name(value: str) -> str:
    if value in (".", ".."):
        raise ValueError(f"{value!r} is not a usable name (it would write outside the run directory)")
    return value


Name = Annotated[str, Field(min_length=1, pattern=NAME_PATTERN), AfterValidator(safe_name)]

__all__ = ["NAME_PATTERN", "Name", "safe_name"]
