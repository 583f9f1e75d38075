"""The store keeps instants as Unix epoch milliseconds; the rest of the code uses aware datetimes."""

from __future__ import annotations

from datetime import UTC, datetime


def to_epoch_ms(moment: datetime) -> int:
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the store; pass an aware UTC datetime")
    return int(moment.timestamp() * 1000)


def from_epoch_ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, tz=UTC)
