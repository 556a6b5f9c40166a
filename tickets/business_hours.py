"""SLA due-time arithmetic over a business-hours calendar.

Pure functions, no models and no database: a calendar is a plain value, and every
datetime that goes in or comes out is timezone-aware. Results are in UTC.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass

UTC = dt.UTC

# A calendar with no working time at all (say, every workday a holiday) must fail
# rather than spin; about three years of idle days is far beyond any real calendar.
MAX_IDLE_DAYS = 3 * 366


@dataclass(frozen=True)
class BusinessHours:
    """Working time: ``opens``..``closes`` wall-clock in ``tz``, on ``workdays`` (Monday=0).

    Days in ``holidays`` have no working time. ``opens`` and ``closes`` are naive
    wall-clock times, applied afresh each day, so a DST change moves them in UTC.
    """

    tz: zoneinfo.ZoneInfo
    opens: dt.time
    closes: dt.time
    workdays: frozenset[int]
    holidays: frozenset[dt.date] = frozenset()

    def __post_init__(self) -> None:
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise ValueError("opens and closes are wall-clock times in tz; pass naive times")
        if self.closes <= self.opens:
            raise ValueError(f"closes ({self.closes}) must be later than opens ({self.opens})")
        if not self.workdays:
            raise ValueError("workdays must not be empty")
        if not self.workdays <= frozenset(range(7)):
            raise ValueError(f"workdays must be 0 (Monday) .. 6 (Sunday), got {self.workdays}")

    def window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """The UTC ``[open, close)`` interval of ``day``, or None if it has no working time."""
        if day.weekday() not in self.workdays or day in self.holidays:
            return None
        # Converting each end on its own gets the right offset on DST days; subtracting
        # two datetimes in the same zone would give the wall-clock difference instead.
        opens = dt.datetime.combine(day, self.opens, tzinfo=self.tz).astimezone(UTC)
        closes = dt.datetime.combine(day, self.closes, tzinfo=self.tz).astimezone(UTC)
        # Hours inside a spring-forward gap can invert; such a day simply has no time.
        return (opens, closes) if opens < closes else None


def _to_utc(value: dt.datetime, name: str) -> dt.datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {value!r}")
    return value.astimezone(UTC)


def _windows_from(
    start: dt.datetime, hours: BusinessHours
) -> Iterator[tuple[dt.datetime, dt.datetime]]:
    """Working windows of the days from ``start``'s local date on, clipped to begin at ``start``.

    Raises ValueError after MAX_IDLE_DAYS consecutive days without working time.
    """
    day = start.astimezone(hours.tz).date()
    idle = 0
    while idle < MAX_IDLE_DAYS:
        window = hours.window(day)
        day += dt.timedelta(days=1)
        if window is None or window[1] <= start:
            idle += 1
            continue
        idle = 0
        yield max(window[0], start), window[1]
    raise ValueError(f"no working time within {MAX_IDLE_DAYS} days after {start.isoformat()}")


def add_business_minutes(
    start: dt.datetime, minutes: int, hours: BusinessHours | None
) -> dt.datetime:
    """Return the UTC moment ``minutes`` of working time after ``start``.

    ``hours=None`` means 24/7: elapsed time, ``start + minutes``. Otherwise counting
    begins at ``start`` if it is inside working time, else at the next opening, so
    adding 0 minutes outside hours gives that opening. A deadline that uses up a day
    exactly lands on its closing time, not on the next morning.

    Raises ValueError for a naive ``start``, negative ``minutes``, or a calendar with
    no working time within MAX_IDLE_DAYS.
    """
    start = _to_utc(start, "start")
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, got {minutes}")
    remaining = dt.timedelta(minutes=minutes)
    if hours is None:
        return start + remaining
    # One step per working day: a day either absorbs the rest or is used up entirely.
    for begin, end in _windows_from(start, hours):
        if remaining <= end - begin:
            return begin + remaining
        remaining -= end - begin
    raise AssertionError("unreachable: _windows_from raises instead of ending")


def business_minutes_between(
    start: dt.datetime, end: dt.datetime, hours: BusinessHours | None
) -> int:
    """Whole minutes of working time in ``[start, end)``; 0 if ``end <= start``.

    ``hours=None`` means 24/7. Inverse of :func:`add_business_minutes`: for a
    ``start`` inside working time, ``business_minutes_between(start,
    add_business_minutes(start, m, h), h) == m``. Raises ValueError for naive input.
    """
    start, end = _to_utc(start, "start"), _to_utc(end, "end")
    if end <= start:
        return 0
    if hours is None:
        return (end - start) // dt.timedelta(minutes=1)
    total = dt.timedelta()
    day, last = start.astimezone(hours.tz).date(), end.astimezone(hours.tz).date()
    # Bounded by ``end``, so even a calendar without any working time just counts 0.
    while day <= last:
        window = hours.window(day)
        if window is not None:
            total += max(dt.timedelta(), min(window[1], end) - max(window[0], start))
        day += dt.timedelta(days=1)
    return total // dt.timedelta(minutes=1)
