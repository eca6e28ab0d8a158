"""Dollar amounts as people read them."""

from __future__ import annotations


def usd(dollars: float) -> str:
    """Dollars to 2 decimals from $1 up, else 3 significant digits."""
    return f"${dollars:,.2f}" if dollars >= 1 or dollars == 0 else f"${dollars:.3g}"


__all__ = ["usd"]
