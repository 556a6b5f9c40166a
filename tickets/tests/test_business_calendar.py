"""Business calendars: opening hours per weekday, public holidays of a country and region
(the holidays package, per year), the company's own closing days; the SLA clock and
the customer's "by Monday 09:00" both count in them, across DST changes; a policy
without a calendar runs 24/7. And the calendar's page in the admin."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tickets import services, sla
from tickets.business_hours import add_business_minutes
from tickets.models import BusinessCalendar, OpeningHours, SLAPolicy
from tickets.selectors import wait_for_a_person
from tickets.tests.factories import TicketFactory

UTC = dt.UTC
STOCKHOLM = ZoneInfo("Europe/Stockholm")
BERLIN = ZoneInfo("Europe/Berlin")
CALENDARS_URL = "/admin/tickets/businesscalendar/"


def stockholm(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=STOCKHOLM)


def berlin(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def calendar_with(name, *, hours, time_zone="Europe/Berlin", **fields) -> BusinessCalendar:
    """A saved calendar; `hours` are (weekday, "08:00", "17:00") rows."""
    calendar = BusinessCalendar.objects.create(name=name, time_zone=time_zone, **fields)
    for weekday, opens, closes in hours:
        calendar.opening_hours.create(
            weekday=weekday,
            opens=dt.time.fromisoformat(opens),
            closes=dt.time.fromisoformat(closes),
        )
    return calendar


def office_week(opens="09:00", closes="17:00"):
    return [(weekday, opens, closes) for weekday in range(5)]


@pytest.fixture
def stockholm_desk(desk):
    """The default desk's calendar: Sweden, Mon-Thu 08:00-17:00, Fri 08:00-16:00."""
    return BusinessCalendar.objects.get(name="Stockholm office hours")


def eight_hours_on(calendar) -> SLAPolicy:
    return SLAPolicy.objects.create(
        name="Eight hours", position=1, calendar=calendar,
        first_response_minutes=8 * 60, next_response_minutes=8 * 60, resolution_minutes=8 * 60,
    )  # fmt: skip


def first_response_due(start: dt.datetime) -> dt.datetime:
    ticket = TicketFactory()
    sla.sla_start(ticket, now=start)
    return ticket.first_response_due_at


# --- The SLA clock ---------------------------------------------------------------------------


def test_the_default_desk_is_a_swedish_office_whose_friday_ends_early(stockholm_desk):
    assert (stockholm_desk.country, stockholm_desk.time_zone) == ("SE", "Europe/Stockholm")
    assert [str(row) for row in stockholm_desk.opening_hours.all()] == [
        "Monday 08:00-17:00",
        "Tuesday 08:00-17:00",
        "Wednesday 08:00-17:00",
        "Thursday 08:00-17:00",
        "Friday 08:00-16:00",
    ]


@pytest.mark.parametrize(
    ("friday", "monday"),
    [
        # Sweden springs forward on Sunday 29 March 2026 (CET UTC+1 -> CEST UTC+2) ...
        (stockholm(2026, 3, 27, 14), stockholm(2026, 3, 30, 14)),
        # ... and falls back on Sunday 25 October 2026 (CEST -> CET).
        (stockholm(2026, 10, 23, 14), stockholm(2026, 10, 26, 14)),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_an_eight_hour_sla_from_friday_afternoon_lands_at_the_same_wall_clock_time_after_dst(
    stockholm_desk, friday, monday
):
    eight_hours_on(stockholm_desk)

    due = first_response_due(friday)

    # Two hours on Friday (14:00-16:00), six from Monday 08:00: 14:00 on the office clock,
    # whatever the UTC offset did over the weekend.
    assert due == monday
    assert due.astimezone(STOCKHOLM).strftime("%a %H:%M") == "Mon 14:00"


def test_the_spring_forward_weekend_moves_the_deadline_an_hour_earlier_in_utc(stockholm_desk):
    eight_hours_on(stockholm_desk)

    assert first_response_due(utc(2026, 3, 27, 13)) == utc(2026, 3, 30, 12)
    assert first_response_due(utc(2026, 10, 23, 12)) == utc(2026, 10, 26, 13)


def test_friday_closes_an_hour_earlier_than_thursday(stockholm_desk):
    hours = sla.business_hours_of(stockholm_desk)

    # Thursday 15:30 + 1 h: still Thursday. Friday 15:30 + 1 h: half an hour on Friday,
    # half an hour from Monday 08:00.
    assert add_business_minutes(stockholm(2026, 11, 19, 15, 30), 60, hours) == stockholm(
        2026, 11, 19, 16, 30
    )
    assert add_business_minutes(stockholm(2026, 11, 20, 15, 30), 60, hours) == stockholm(
        2026, 11, 23, 8, 30
    )


def test_a_day_with_a_lunch_break_does_not_count_the_break(db):
    calendar = calendar_with(
        "Lunch", hours=[(0, "08:00", "12:00"), (0, "13:00", "17:00")], time_zone="Europe/Berlin"
    )
    hours = sla.business_hours_of(calendar)

    assert add_business_minutes(berlin(2027, 1, 4, 11, 30), 60, hours) == berlin(2027, 1, 4, 13, 30)


@pytest.mark.parametrize(
    ("subdivision", "due"),
    [
        # Epiphany, Wednesday 6 January 2027, is a public holiday in Bavaria only.
        ("BY", berlin(2027, 1, 7, 10)),
        ("BE", berlin(2027, 1, 6, 10)),
    ],
)
def test_a_regional_holiday_closes_the_desk_in_its_region_only(db, subdivision, due):
    calendar = calendar_with(
        f"Office {subdivision}", hours=office_week(), country="DE", subdivision=subdivision
    )

    # Tuesday 16:00 + 2 h: one hour on Tuesday, one on the next working day.
    start = berlin(2027, 1, 5, 16)
    assert add_business_minutes(start, 120, sla.business_hours_of(calendar)) == due


def test_corpus_christi_is_closed_in_munich_and_open_in_berlin(db):
    munich = calendar_with("Munich", hours=office_week(), country="DE", subdivision="BY")
    berlin_office = calendar_with("Berlin", hours=office_week(), country="DE", subdivision="BE")
    corpus_christi = dt.date(2027, 5, 27)  # a Thursday

    assert sla.business_hours_of(munich).windows(corpus_christi) == []
    assert sla.business_hours_of(berlin_office).windows(corpus_christi) == [
        (utc(2027, 5, 27, 7), utc(2027, 5, 27, 15))
    ]


def test_holidays_roll_over_into_years_nobody_typed_in(db):
    calendar = calendar_with("Far ahead", hours=office_week(), country="DE", subdivision="BY")
    hours = sla.business_hours_of(calendar)

    # Epiphany 2031 is a Monday: a Friday-evening request waits until Tuesday.
    assert add_business_minutes(berlin(2031, 1, 3, 18), 30, hours) == berlin(2031, 1, 7, 9, 30)


def test_an_extra_typed_holiday_closes_the_desk_beside_the_public_ones(stockholm_desk):
    # Christmas Eve is no public holiday in Sweden, but the company closes: typed in.
    stockholm_desk.extra_holidays = ["2026-12-24"]
    stockholm_desk.save()
    eight_hours_on(stockholm_desk)

    # Wednesday 23 Dec 16:00: one hour that day; Thursday 24th typed in, Friday 25th
    # Christmas Day, a weekend; the other seven hours from Monday 28th 08:00.
    assert first_response_due(stockholm(2026, 12, 23, 16)) == stockholm(2026, 12, 28, 15)


def test_a_policy_without_a_calendar_runs_round_the_clock_on_holidays_and_across_dst(
    stockholm_desk,
):
    vip = SLAPolicy.objects.get(name="VIP guarantee")
    assert vip.calendar is None
    # 02:55 CET on Sunday 29 March 2026, a minute before the clocks jump to 04:00 CEST.
    start = utc(2026, 3, 29, 1, 55)

    ticket = TicketFactory(tier="vip")
    sla.sla_start(ticket, now=start)

    assert ticket.sla_policy == vip
    assert ticket.first_response_due_at == start + dt.timedelta(minutes=15)


# --- What the customer is told ------------------------------------------------------------------


def test_the_customer_is_told_the_deadline_the_calendar_gives(customer, desk, settings):
    """Real time, so the calendar is built around today: open only three days from
    now (two days from now too, but typed in as a company holiday)."""
    settings.TIME_ZONE = "Europe/Stockholm"
    today = timezone.localdate()
    closed, open_day = today + dt.timedelta(days=2), today + dt.timedelta(days=3)
    calendar = calendar_with(
        "Round the corner",
        hours=[(closed.weekday(), "09:00", "17:00"), (open_day.weekday(), "09:00", "17:00")],
        time_zone="Europe/Stockholm",
        extra_holidays=[closed.isoformat()],
    )
    SLAPolicy.objects.filter(name="Standard").update(calendar=calendar)

    ticket = services.ticket_request_person(customer=customer, subject="Refund")

    # Standard: a first reply within 4 hours of working time, 09:00 + 4 h.
    expected = dt.datetime.combine(open_day, dt.time(13), tzinfo=STOCKHOLM)
    assert ticket.first_response_due_at == expected
    told = ticket.messages.filter(author_kind="system").last().body
    assert f"We will reply by 13:00 on {open_day.day} {open_day:%B} at the latest." in told
    with timezone.override(STOCKHOLM):
        wait = wait_for_a_person(ticket)
    assert wait["text"] == f"by {open_day:%A} 13:00, you're next"


# --- The calendar's page in the admin ----------------------------------------------------------


@pytest.fixture
def supervisor_client(client, supervisor, desk):
    client.force_login(supervisor)
    return client


def calendar_post(*, hours=(("0", "09:00", "17:00"),), **fields):
    """The add form as the admin posts it, with new rows of opening hours."""
    data = {
        "name": "Munich office", "time_zone": "Europe/Berlin", "country": "DE",
        "subdivision": "BY", "extra_holidays": "[]",
        "opening_hours-TOTAL_FORMS": str(len(hours)), "opening_hours-INITIAL_FORMS": "0",
    }  # fmt: skip
    for i, (weekday, opens, closes) in enumerate(hours):
        data |= {
            f"opening_hours-{i}-weekday": weekday,
            f"opening_hours-{i}-opens": opens,
            f"opening_hours-{i}-closes": closes,
        }
    return {**data, **fields}


def refused(client, data) -> list[str]:
    """Every error the add page shows: its fields', the hours' rows' and the hours'."""
    response = client.post(CALENDARS_URL + "add/", data)
    assert response.status_code == 200, "the form should have been refused"
    form = response.context["adminform"].form
    (hours,) = response.context["inline_admin_formsets"]
    errors = [str(error) for errors in form.errors.values() for error in errors]
    errors += [str(e) for row in hours.formset.errors for errors in row.values() for e in errors]
    return errors + [str(error) for error in hours.formset.non_form_errors()]


def test_a_supervisor_saves_a_calendar_with_hours_per_weekday(supervisor_client):
    hours = [("0", "08:00", "12:00"), ("0", "13:00", "17:00"), ("4", "08:00", "15:00")]

    response = supervisor_client.post(
        CALENDARS_URL + "add/", calendar_post(hours=hours, country=" de ", subdivision="by")
    )

    assert response.status_code == 302
    calendar = BusinessCalendar.objects.get(name="Munich office")
    assert (calendar.country, calendar.subdivision) == ("DE", "BY")
    assert [str(row) for row in calendar.opening_hours.all()] == [
        "Monday 08:00-12:00",
        "Monday 13:00-17:00",
        "Friday 08:00-15:00",
    ]


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        (
            {"country": "XX", "subdivision": ""},
            "“XX” is not a country the holidays package knows; use a two-letter ISO code "
            "such as SE (Sweden) or DE (Germany), or leave it blank.",
        ),
        (
            {"subdivision": "ZZ"},
            "“ZZ” is not a subdivision of DE; use one of BB, BE, BW, BY, HB, HE, HH, MV, NI, "
            "NW, RP, SH, SL, SN, ST, TH, Augsburg.",
        ),
        ({"country": "", "subdivision": "BY"}, "A subdivision needs its country."),
        (
            {"country": "IS", "subdivision": "1"},
            "IS has no subdivisions with holidays of their own; leave it blank.",
        ),
    ],
    ids=["unknown-country", "unknown-subdivision", "subdivision-alone", "no-subdivisions"],
)
def test_a_country_or_subdivision_the_package_does_not_know_is_refused(
    supervisor_client, fields, error
):
    assert refused(supervisor_client, calendar_post(**fields)) == [error]
    assert not BusinessCalendar.objects.filter(name="Munich office").exists()


@pytest.mark.parametrize(
    ("hours", "error"),
    [
        ([("4", "16:00", "08:00")], "Closes must be later than opens."),
        ([("4", "09:00", "09:00")], "Closes must be later than opens."),
        (
            [("4", "08:00", "12:00"), ("4", "11:00", "16:00")],
            "Friday: 11:00-16:00 overlaps 08:00-12:00: a day's hours must not overlap.",
        ),
        (
            [],
            "A calendar needs opening hours on at least one day. For service around the "
            "clock, leave the SLA policy's calendar blank instead.",
        ),
    ],
    ids=["closes-before-opening", "closes-as-it-opens", "overlap", "no-hours"],
)
def test_opening_hours_that_make_no_sense_are_refused(supervisor_client, hours, error):
    assert refused(supervisor_client, calendar_post(hours=hours)) == [error]


def test_spans_that_only_touch_are_allowed(supervisor_client):
    hours = [("2", "08:00", "12:00"), ("2", "12:00", "17:00")]

    response = supervisor_client.post(CALENDARS_URL + "add/", calendar_post(hours=hours))

    assert response.status_code == 302


def test_the_model_refuses_a_bad_country_and_opening_hours_outside_the_admin(db):
    with pytest.raises(ValidationError) as refused_calendar:
        BusinessCalendar(name="Nowhere", country="XX").full_clean()
    assert list(refused_calendar.value.message_dict) == ["country"]

    calendar = calendar_with("Somewhere", hours=office_week())
    with pytest.raises(ValidationError) as refused_hours:
        OpeningHours(
            calendar=calendar, weekday=0, opens=dt.time(17), closes=dt.time(9)
        ).full_clean()
    assert refused_hours.value.message_dict == {"closes": ["Closes must be later than opens."]}


def test_the_calendars_page_lists_the_holidays_it_will_observe(supervisor_client):
    soon = timezone.localdate() + dt.timedelta(days=10)
    munich = calendar_with(
        "Munich",
        hours=office_week(),
        country="DE",
        subdivision="BY",
        extra_holidays=[soon.isoformat()],
    )
    berlin_office = calendar_with("Berlin", hours=office_week(), country="DE", subdivision="BE")

    munich_page = supervisor_client.get(f"{CALENDARS_URL}{munich.pk}/change/").content.decode()
    berlin_page = supervisor_client.get(
        f"{CALENDARS_URL}{berlin_office.pk}/change/"
    ).content.decode()

    assert "Holidays in the next 12 months" in munich_page
    assert "Epiphany" in munich_page  # Bavarian, within any twelve months
    assert "Epiphany" not in berlin_page
    assert f"{soon:%a %-d %b %Y}</td><td>Company holiday" in munich_page
    assert "Christmas Day" in berlin_page


def test_the_calendar_list_reads_the_hours_in_one_query(
    supervisor_client, django_assert_max_num_queries
):
    calendar_with("One", hours=office_week())
    with django_assert_max_num_queries(50) as few:
        supervisor_client.get(CALENDARS_URL)
    for n in range(10):
        calendar_with(f"More {n}", hours=office_week())

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = supervisor_client.get(CALENDARS_URL)
    assert "Friday 09:00-17:00" in page.content.decode()


def test_a_change_of_hours_shows_in_the_calendars_history(supervisor_client, supervisor):
    calendar = calendar_with("Munich", hours=office_week(), country="DE", subdivision="BY")
    calendar.save()  # a version before the change
    rows = list(calendar.opening_hours.all())
    data = calendar_post(name="Munich", hours=[])
    data |= {
        "opening_hours-TOTAL_FORMS": str(len(rows)),
        "opening_hours-INITIAL_FORMS": str(len(rows)),
    }
    for i, row in enumerate(rows):
        closes = "15:00" if row.weekday == 4 else "17:00"
        data |= {
            f"opening_hours-{i}-id": str(row.pk),
            f"opening_hours-{i}-calendar": str(calendar.pk),
            f"opening_hours-{i}-weekday": str(row.weekday),
            f"opening_hours-{i}-opens": "09:00",
            f"opening_hours-{i}-closes": closes,
        }

    response = supervisor_client.post(f"{CALENDARS_URL}{calendar.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    friday = OpeningHours.objects.get(calendar=calendar, weekday=4)
    assert friday.history.latest().history_user == supervisor
    newest = calendar.history.latest()
    history = supervisor_client.get(f"{CALENDARS_URL}{calendar.pk}/history/")
    listed = history.context["page_obj"][0]
    assert [(c.field, c.removed, c.added) for c in listed.changes] == [("Opening hours", 1, 1)]
    diff = supervisor_client.get(f"{CALENDARS_URL}{calendar.pk}/history/{newest.history_id}/diff/")
    (change,) = diff.context["changes"]
    assert [
        (line.kind, line.text) for line in change.lines if line.kind in ("removed", "added")
    ] == [
        ("removed", "Friday 09:00-17:00"),
        ("added", "Friday 09:00-15:00"),
    ]
