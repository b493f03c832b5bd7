"""Arithmetic on the campaign's figures, the same for a reported figure and one counted from the ledger."""

from decimal import Decimal

Number = int | float | Decimal


def closure_rate(found: Number | None, closed: Number | None) -> float | None:
    """Closed as a percentage of found, one decimal; None when either figure is missing or found is 0."""
    if not found or closed is None:
        return None
    return round(float(closed) / float(found) * 100, 1)


def per_thousand(value: Number | None, members: int | None) -> float | None:
    """Figures per 1,000 party members, so counties of different sizes compare fairly."""
    if value is None or not members:
        return None
    return round(value * 1000 / members, 1)
