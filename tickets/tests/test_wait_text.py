"""The wait for a person, as a person says it: minutes while they are few, the time it
ends when it is long (a weekend), never "2820 min"."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tickets.selectors import wait_text

# A Friday afternoon, on a site in Stockholm.
NOW = dt.datetime(2026, 12, 4, 16, 0, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture(autouse=True)
def stockholm(settings):
    settings.TIME_ZONE = "Europe/Stockholm"
    with timezone.override("Europe/Stockholm"):
        yield


@pytest.mark.parametrize(
    ("ahead", "due", "text"),
    [
        (2, NOW + dt.timedelta(minutes=5), "about 5 minutes, 2 ahead of you"),
        (0, NOW + dt.timedelta(minutes=1), "about 1 minute, you're next"),
        (1, NOW + dt.timedelta(minutes=120), "about 120 minutes, 1 ahead of you"),
        (0, NOW + dt.timedelta(minutes=121), "by 18:01 today, you're next"),
        (3, NOW + dt.timedelta(hours=17), "by tomorrow 09:00, 3 ahead of you"),
        (0, NOW + dt.timedelta(days=2, hours=17), "by Monday 09:00, you're next"),
        (0, NOW + dt.timedelta(days=10), "by 14 December 16:00, you're next"),
        (4, None, "4 ahead of you"),
    ],
)
def test_the_wait_reads_as_a_person_would_say_it(ahead, due, text):
    minutes = None if due is None else max(1, round((due - NOW).total_seconds() / 60))
    assert wait_text(ahead, minutes, due, NOW) == text
