"""SLA due-time arithmetic over a business-hours calendar.

Pure functions, no models and no database: a calendar is a plain value, and every
datetime that goes in or comes out is timezone-aware. Results are in UTC.

A calendar is a week of opening hours (each weekday its own spans, wall-clock in the
calendar's time zone) minus its holidays: a country's and region's public holidays,
computed by the `holidays` package for whichever year is asked, plus dates the company
closes.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import logging
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

UTC = dt.UTC
WEEKDAY_NAMES = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)

# What a typed-in company holiday is called where holidays are listed by name.
COMPANY_HOLIDAY = _("Company holiday")

# A calendar with no working time at all (say, every workday a holiday) must fail
# rather than spin; about three years of idle days is far beyond any real calendar.
MAX_IDLE_DAYS = 3 * 366

Span = tuple[dt.time, dt.time]  # opens, closes: naive wall-clock times, opens < closes
Week = tuple[tuple[Span, ...], ...]  # seven days, Monday first; a closed day has no span


# --- Public holidays, from the holidays package ------------------------------------------


@functools.cache
def supported_countries() -> dict[str, tuple[str, ...]]:
    """ISO 3166-1 alpha-2 codes the package knows, each with its subdivision codes."""
    import holidays  # here, not at the top: processes that never need it skip the import

    known = holidays.list_supported_countries(include_aliases=False)
    return {country: tuple(subdivisions) for country, subdivisions in known.items()}


# Holidays are computed per year on first use, never stored, so a new year needs no one
# to fill it in. A year's holidays do not change while the process runs (a newer package
# arrives with a restart), so they are kept; a few dozen entries cover any desk.
@functools.lru_cache(maxsize=256)
def public_holidays(country: str, subdivision: str, year: int) -> dict[dt.date, str]:
    """The year's public holidays by date. A code the package does not know (the admin
    refuses those, but a package upgrade may drop one) gives none, with a warning: an
    SLA clock must keep running."""
    import holidays

    try:
        found = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
    except NotImplementedError as error:
        logger.warning("no public holidays for %s %s in %s: %s", country, subdivision, year, error)
        return {}
    return dict(found)


@dataclass(frozen=True)
class Holidays:
    """Days without working time: the public holidays of ``country`` (and of its
    ``subdivision``, a region or state), plus the ``extra`` dates the company closes.
    Without a country only the extra dates count."""

    country: str = ""
    subdivision: str = ""
    extra: frozenset[dt.date] = frozenset()

    def name(self, day: dt.date) -> str | None:
        """The holiday's name, or None on an ordinary day."""
        if day in self.extra:
            return COMPANY_HOLIDAY
        if not self.country:
            return None
        return public_holidays(self.country, self.subdivision, day.year).get(day)

    def between(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
        """The holidays from ``first`` to ``last`` (both included), by date."""
        found = {day: COMPANY_HOLIDAY for day in self.extra if first <= day <= last}
        for year in range(first.year, last.year + 1) if self.country else ():
            for day, name in public_holidays(self.country, self.subdivision, year).items():
                if first <= day <= last:
                    found.setdefault(day, name)
        return sorted(found.items())


# --- The week's opening hours ----------------------------------------------------------


def weekly_hours(rows: Iterable[tuple[int, dt.time, dt.time]]) -> Week:
    """The week from ``(weekday, opens, closes)`` rows (Monday=0), each day's spans in
    order. Spans of a day that overlap or touch are joined: the admin refuses overlaps
    (overlapping_hours), but an SLA clock must keep running whatever the rows say.
    Raises ValueError, naming the day, for a row that closes before it opens."""
    days: list[list[Span]] = [[] for _ in WEEKDAY_NAMES]
    for weekday, opens, closes in rows:
        if weekday not in range(7):
            raise ValueError(f"weekday must be 0 (Monday) .. 6 (Sunday), got {weekday}")
        _check_span(WEEKDAY_NAMES[weekday], opens, closes)
        days[weekday].append((opens, closes))
    return tuple(_joined(sorted(spans)) for spans in days)


def _joined(spans: list[Span]) -> tuple[Span, ...]:
    joined: list[Span] = []
    for opens, closes in spans:
        if joined and opens <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(closes, joined[-1][1]))
        else:
            joined.append((opens, closes))
    return tuple(joined)


def overlapping_hours(rows: Iterable[tuple[int, dt.time, dt.time]]) -> str | None:
    """What overlaps, as staff should read it ("Friday: 11:00-16:00 overlaps
    08:00-12:00"), or None. Spans that only touch (12:00-13:00, 13:00-17:00) do not."""
    ordered = sorted(rows)
    for (day, opens, closes), (later_day, later_opens, later_closes) in itertools.pairwise(ordered):
        if day == later_day and later_opens < closes:
            return (
                f"{WEEKDAY_NAMES[day]}: {later_opens:%H:%M}-{later_closes:%H:%M} overlaps "
                f"{opens:%H:%M}-{closes:%H:%M}"
            )
    return None


def _check_span(day_name: str, opens: dt.time, closes: dt.time) -> None:
    if opens.tzinfo is not None or closes.tzinfo is not None:
        raise ValueError(
            "opening hours are wall-clock times in the calendar's zone; pass naive times"
        )
    if closes <= opens:
        raise ValueError(
            f"{day_name}: closes at {closes:%H:%M}, not after it opens at {opens:%H:%M}"
        )


@dataclass(frozen=True)
class BusinessHours:
    """Working time: each weekday's spans of ``week``, wall-clock in ``tz``, except on
    ``holidays``. A span is applied afresh each day, so a DST change moves it in UTC
    but never on the office clock."""

    tz: zoneinfo.ZoneInfo
    week: Week
    holidays: Holidays = Holidays()

    def __post_init__(self) -> None:
        if len(self.week) != 7:
            raise ValueError(f"week must have 7 days, Monday first, got {len(self.week)}")
        for weekday, spans in enumerate(self.week):
            for opens, closes in spans:
                _check_span(WEEKDAY_NAMES[weekday], opens, closes)
            if list(spans) != sorted(spans) or _joined(list(spans)) != spans:
                raise ValueError(
                    f"{WEEKDAY_NAMES[weekday]}: spans must be in order and apart; "
                    "build the week with weekly_hours"
                )
        if not any(self.week):
            raise ValueError("a calendar needs opening hours on at least one weekday")

    def windows(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The UTC ``[open, close)`` intervals of ``day``, in order; none on a holiday."""
        spans = self.week[day.weekday()]
        if not spans or self.holidays.name(day) is not None:
            return []
        found = []
        for opens, closes in spans:
            # Converting each end on its own gets the right offset on DST days; subtracting
            # two datetimes in the same zone would give the wall-clock difference instead.
            begin = dt.datetime.combine(day, opens, tzinfo=self.tz).astimezone(UTC)
            end = dt.datetime.combine(day, closes, tzinfo=self.tz).astimezone(UTC)
            # Hours inside a spring-forward gap can invert; such a span simply has no time.
            if begin < end:
                found.append((begin, end))
        return found


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
        ahead = [(max(begin, start), end) for begin, end in hours.windows(day) if end > start]
        day += dt.timedelta(days=1)
        idle = 0 if ahead else idle + 1
        yield from ahead
    raise ValueError(f"no working time within {MAX_IDLE_DAYS} days after {start.isoformat()}")


def add_business_minutes(
    start: dt.datetime, minutes: int, hours: BusinessHours | None
) -> dt.datetime:
    """Return the UTC moment ``minutes`` of working time after ``start``.

    ``hours=None`` means 24/7: elapsed time, ``start + minutes``. Otherwise counting
    begins at ``start`` if it is inside working time, else at the next opening, so
    adding 0 minutes outside hours gives that opening. A deadline that uses up a span
    exactly lands on its closing time, not on the next opening.

    Raises ValueError for a naive ``start``, negative ``minutes``, or a calendar with
    no working time within MAX_IDLE_DAYS.
    """
    start = _to_utc(start, "start")
    if minutes < 0:
        raise ValueError(f"minutes must not be negative, got {minutes}")
    remaining = dt.timedelta(minutes=minutes)
    if hours is None:
        return start + remaining
    # One step per working span: a span either absorbs the rest or is used up entirely.
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
        for begin, close in hours.windows(day):
            total += max(dt.timedelta(), min(close, end) - max(begin, start))
        day += dt.timedelta(days=1)
    return total // dt.timedelta(minutes=1)
