"""SLA due-time arithmetic: pure functions, no database."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest

from tickets.business_hours import (
    BusinessHours,
    Holidays,
    add_business_minutes,
    business_minutes_between,
    overlapping_hours,
    weekly_hours,
)

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
WEEKDAYS = frozenset(range(5))


def same_hours(tz, opens, closes, workdays, holidays=frozenset()) -> BusinessHours:
    """One span, the same on each of `workdays`, and typed-in holidays only."""
    week = weekly_hours((day, opens, closes) for day in workdays)
    return BusinessHours(tz=tz, week=week, holidays=Holidays(extra=frozenset(holidays)))


OFFICE = same_hours(BERLIN, dt.time(9), dt.time(17), WEEKDAYS)
# Open every night 01:00-05:00 local, so the 02:00/03:00 DST switches fall inside hours.
NIGHT_DESK = same_hours(BERLIN, dt.time(1), dt.time(5), range(7))


def berlin(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# 2025: Friday 6 June, Saturday 7 June, Monday 9 June (CEST, UTC+2).


def test_without_a_calendar_the_clock_runs_around_the_clock():
    # Saturday 23:00 CEST is 21:00 UTC; weekends and nights count too.
    due = add_business_minutes(berlin(2025, 6, 7, 23, 0), 90, None)
    assert due == utc(2025, 6, 7, 22, 30)
    assert due.tzinfo is UTC


def test_without_a_calendar_elapsed_time_is_real_time_across_dst():
    # 23:00 CET + 24 h of real time is 00:00 CEST, not 23:00 wall-clock.
    assert add_business_minutes(berlin(2025, 3, 29, 23), 24 * 60, None) == utc(2025, 3, 30, 22)
    assert (
        business_minutes_between(berlin(2025, 3, 29, 23), berlin(2025, 3, 31, 0), None)
        == 24 * 60  # 25 wall-clock hours, one of which never happened
    )


def test_a_request_within_the_day_is_due_the_same_day():
    assert add_business_minutes(berlin(2025, 6, 9, 10, 15), 90, OFFICE) == utc(2025, 6, 9, 9, 45)


def test_a_request_late_in_the_day_carries_over_into_the_next_morning():
    assert add_business_minutes(berlin(2025, 6, 9, 16, 0), 120, OFFICE) == utc(2025, 6, 10, 8)


def test_friday_afternoon_request_is_due_on_monday_morning():
    assert add_business_minutes(berlin(2025, 6, 6, 16, 30), 60, OFFICE) == utc(2025, 6, 9, 7, 30)


def test_a_saturday_request_starts_counting_on_monday_at_opening():
    assert add_business_minutes(berlin(2025, 6, 7, 11), 30, OFFICE) == utc(2025, 6, 9, 7, 30)


def test_a_request_before_opening_starts_counting_at_opening():
    assert add_business_minutes(berlin(2025, 6, 9, 6, 45), 30, OFFICE) == utc(2025, 6, 9, 7, 30)


def test_a_request_after_closing_starts_counting_next_morning():
    assert add_business_minutes(berlin(2025, 6, 9, 18, 0), 30, OFFICE) == utc(2025, 6, 10, 7, 30)


def test_zero_minutes_outside_hours_is_the_next_opening():
    assert add_business_minutes(berlin(2025, 6, 7, 11), 0, OFFICE) == utc(2025, 6, 9, 7)
    assert add_business_minutes(berlin(2025, 6, 9, 17), 0, OFFICE) == utc(2025, 6, 10, 7)


def test_zero_minutes_inside_hours_is_the_start_itself():
    assert add_business_minutes(berlin(2025, 6, 9, 12, 34, 56), 0, OFFICE) == utc(
        2025, 6, 9, 10, 34, 56
    )


def test_holidays_are_skipped_like_weekends():
    christmas = same_hours(
        BERLIN, dt.time(9), dt.time(17), WEEKDAYS, {dt.date(2025, 12, 25), dt.date(2025, 12, 26)}
    )
    # Wednesday 24 Dec 16:30 CET: 30 minutes that day, then Thu/Fri holidays and a weekend.
    due = add_business_minutes(berlin(2025, 12, 24, 16, 30), 60, christmas)
    assert due == utc(2025, 12, 29, 8, 30)


def test_a_deadline_landing_exactly_at_closing_stays_at_closing():
    due = add_business_minutes(berlin(2025, 6, 9, 16), 60, OFFICE)
    assert due == utc(2025, 6, 9, 15)
    assert add_business_minutes(berlin(2025, 6, 9, 9), 480, OFFICE) == utc(2025, 6, 9, 15)


def test_office_hours_follow_the_wall_clock_across_the_spring_forward_weekend():
    # Friday 28 March 16:00 CET (UTC+1) + 2 h -> Monday 31 March 10:00 CEST (UTC+2).
    assert add_business_minutes(berlin(2025, 3, 28, 16), 120, OFFICE) == utc(2025, 3, 31, 8)


def test_the_spring_forward_night_has_one_working_hour_less():
    # 30 March 2025: 01:00 CET = 00:00 UTC to 05:00 CEST = 03:00 UTC is three hours.
    opening = berlin(2025, 3, 30, 1)
    assert add_business_minutes(opening, 180, NIGHT_DESK) == utc(2025, 3, 30, 3)
    # The next night opens at 01:00 CEST, which is 23:00 UTC on the 30th.
    assert add_business_minutes(opening, 181, NIGHT_DESK) == utc(2025, 3, 30, 23, 1)
    assert business_minutes_between(opening, berlin(2025, 3, 31, 0), NIGHT_DESK) == 180


def test_the_fall_back_night_has_one_working_hour_more():
    # 26 October 2025: 01:00 CEST = 23:00 UTC (25th) to 05:00 CET = 04:00 UTC is five hours.
    opening = berlin(2025, 10, 26, 1)
    assert add_business_minutes(opening, 300, NIGHT_DESK) == utc(2025, 10, 26, 4)
    assert add_business_minutes(opening, 301, NIGHT_DESK) == utc(2025, 10, 27, 0, 1)
    assert business_minutes_between(opening, berlin(2025, 10, 27, 0), NIGHT_DESK) == 300


def test_a_start_in_another_time_zone_is_counted_on_the_calendars_clock():
    # 04:00 EDT = 08:00 UTC = 10:00 in Berlin, inside hours.
    start = dt.datetime(2025, 6, 9, 4, 0, tzinfo=NEW_YORK)
    assert add_business_minutes(start, 60, OFFICE) == utc(2025, 6, 9, 9)
    # Friday 12:00 EDT = 18:00 in Berlin, after closing: Monday 09:00 CEST + 30 min.
    late = dt.datetime(2025, 6, 6, 12, 0, tzinfo=NEW_YORK)
    assert add_business_minutes(late, 30, OFFICE) == utc(2025, 6, 9, 7, 30)


@pytest.mark.parametrize("hours", [OFFICE, None])
def test_a_naive_start_is_refused(hours):
    with pytest.raises(ValueError, match="timezone-aware"):
        add_business_minutes(dt.datetime(2025, 6, 9, 10), 30, hours)  # noqa: DTZ001
    with pytest.raises(ValueError, match="timezone-aware"):
        business_minutes_between(utc(2025, 6, 9), dt.datetime(2025, 6, 10), hours)  # noqa: DTZ001


def test_negative_minutes_are_refused():
    with pytest.raises(ValueError, match="negative"):
        add_business_minutes(berlin(2025, 6, 9, 10), -1, OFFICE)


@pytest.mark.parametrize(
    ("opens", "closes", "workdays", "message"),
    [
        (dt.time(17), dt.time(9), WEEKDAYS, "Monday: closes at 09:00, not after it opens at 17:00"),
        (dt.time(9), dt.time(9), WEEKDAYS, "not after it opens"),
        (dt.time(9), dt.time(17), frozenset(), "at least one weekday"),
        (dt.time(9), dt.time(17), frozenset({7}), "0 \\(Monday\\)"),
        (dt.time(9, tzinfo=UTC), dt.time(17, tzinfo=UTC), WEEKDAYS, "naive"),
    ],
)
def test_an_invalid_calendar_is_refused(opens, closes, workdays, message):
    with pytest.raises(ValueError, match=message):
        same_hours(BERLIN, opens, closes, workdays)


def test_a_calendar_whose_every_workday_is_a_holiday_fails_instead_of_looping():
    mondays = frozenset(dt.date(2025, 1, 6) + dt.timedelta(weeks=n) for n in range(52 * 5))
    closed = same_hours(BERLIN, dt.time(9), dt.time(17), {0}, mondays)
    with pytest.raises(ValueError, match="no working time within"):
        add_business_minutes(berlin(2025, 1, 1, 12), 10, closed)
    assert business_minutes_between(berlin(2025, 1, 1), berlin(2027, 1, 1), closed) == 0


def test_a_hundred_thousand_minutes_lands_on_the_right_day_and_minute():
    # 100,000 = 208 full eight-hour days + 160 minutes. From Monday 6 Jan 2025 09:00 that is
    # 41 weeks + Mon-Wed 20-22 Oct, then Thursday 23 Oct 11:40 CEST.
    start = berlin(2025, 1, 6, 9)
    due = add_business_minutes(start, 100_000, OFFICE)
    assert due == utc(2025, 10, 23, 9, 40)
    assert business_minutes_between(start, due, OFFICE) == 100_000


def test_minutes_between_counts_only_working_time():
    assert business_minutes_between(berlin(2025, 6, 6, 16), berlin(2025, 6, 9, 10), OFFICE) == 120
    assert business_minutes_between(berlin(2025, 6, 7, 8), berlin(2025, 6, 8, 20), OFFICE) == 0


def test_minutes_between_drops_partial_minutes():
    assert (
        business_minutes_between(berlin(2025, 6, 9, 9), berlin(2025, 6, 9, 9, 1, 59), OFFICE) == 1
    )


def test_minutes_between_is_zero_when_end_is_not_after_start():
    start = berlin(2025, 6, 9, 12)
    assert business_minutes_between(start, start, OFFICE) == 0
    assert business_minutes_between(start, start - dt.timedelta(hours=2), OFFICE) == 0
    assert business_minutes_between(start, start - dt.timedelta(hours=2), None) == 0


def _inverse_cases(
    count: int, seed: int = 20250609
) -> list[tuple[BusinessHours, dt.datetime, int]]:
    """Random starts inside working hours, drawn reproducibly (hypothesis is not installed)."""
    rng = random.Random(seed)
    holidays = frozenset(
        dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(730)) for _ in range(30)
    )
    calendars = [
        OFFICE,
        NIGHT_DESK,
        same_hours(BERLIN, dt.time(8, 30), dt.time(12, 15), {1, 3, 5}, holidays),
        same_hours(NEW_YORK, dt.time(7), dt.time(19), WEEKDAYS, holidays),
        # A lunch break, a short Friday, and Bavaria's public holidays.
        BusinessHours(
            tz=BERLIN,
            week=weekly_hours(
                [(day, dt.time(8), dt.time(12)) for day in range(5)]
                + [(day, dt.time(13), dt.time(17)) for day in range(4)]
            ),
            holidays=Holidays(country="DE", subdivision="BY"),
        ),
    ]
    cases = []
    while len(cases) < count:
        hours = rng.choice(calendars)
        day = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(730))
        windows = hours.windows(day)
        if not windows:
            continue
        window = windows[0]
        offset = rng.uniform(0, (window[1] - window[0]).total_seconds())
        start = (window[0] + dt.timedelta(seconds=offset)).astimezone(rng.choice([BERLIN, UTC]))
        cases.append((hours, start, rng.choice([0, 1, 59, 60, 480, rng.randrange(100_000)])))
    return cases


@pytest.mark.parametrize(("hours", "start", "minutes"), _inverse_cases(60))
def test_minutes_between_undoes_adding_minutes(hours, start, minutes):
    due = add_business_minutes(start, minutes, hours)
    assert business_minutes_between(start, due, hours) == minutes


def test_a_country_the_package_does_not_know_closes_nothing_instead_of_stopping_the_clock(caplog):
    unknown = BusinessHours(
        tz=BERLIN, week=OFFICE.week, holidays=Holidays(country="DE", subdivision="Atlantis")
    )

    assert add_business_minutes(berlin(2025, 6, 9, 10), 30, unknown) == utc(2025, 6, 9, 8, 30)
    assert "no public holidays for DE Atlantis in 2025" in caplog.text


def test_public_holidays_are_found_for_any_year_without_being_typed_in():
    bavaria = Holidays(country="DE", subdivision="BY")

    assert bavaria.name(dt.date(2025, 1, 6)) == "Epiphany"
    assert bavaria.name(dt.date(2040, 1, 6)) == "Epiphany"
    assert Holidays(country="DE", subdivision="BE").name(dt.date(2040, 1, 6)) is None
    assert bavaria.between(dt.date(2025, 12, 24), dt.date(2026, 1, 6)) == [
        (dt.date(2025, 12, 25), "Christmas Day"),
        (dt.date(2025, 12, 26), "Second Day of Christmas"),
        (dt.date(2026, 1, 1), "New Year's Day"),
        (dt.date(2026, 1, 6), "Epiphany"),
    ]


def test_overlapping_rows_are_joined_for_the_clock_and_named_for_the_admin():
    rows = [
        (4, dt.time(8), dt.time(12)),
        (4, dt.time(11), dt.time(16)),
        (0, dt.time(9), dt.time(10)),
    ]

    assert weekly_hours(rows)[4] == ((dt.time(8), dt.time(16)),)
    assert overlapping_hours(rows) == "Friday: 11:00-16:00 overlaps 08:00-12:00"
    assert overlapping_hours([(2, dt.time(8), dt.time(12)), (2, dt.time(12), dt.time(17))]) is None
