"""Errors reach Sentry when SENTRY_DSN is set, without personal data unless asked;
without a DSN the SDK is not even loaded. Each case is a fresh process (settings start
the SDK) posting to a local fake of Sentry: nothing leaves the machine."""

import json

import pytest

from core.tests.fake_sentry import FakeSentry
from supportsite.tests.test_settings import run

# A signed-in customer posts a form, with a cookie and a query string, through the ASGI
# application (as daphne serves it) to a view that fails.
FAILING_REQUEST = """
import asyncio, django, json; django.setup()
import sentry_sdk
from channels.testing import HttpCommunicator
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from supportsite.asgi import application
users = get_user_model().objects
user = users.filter(email="ann@example.com").first() or users.create_user(
    email="ann@example.com", password="pw-9f8e7d6c5b")
client = Client()
client.force_login(user)
session = client.cookies["sessionid"].value
headers = [
    (b"host", b"localhost"), (b"x-request-id", b"req-abc-123"),
    (b"cookie", f"sessionid={session}; theme=cookie-value-7d1f".encode()),
    (b"content-type", b"application/x-www-form-urlencoded"),
]
request = HttpCommunicator(application, "POST", "/fails/?q=query-value-3b9",
                           body=b"note=body-value-5c2", headers=headers)
with override_settings(ROOT_URLCONF="core.tests.failing_urls"):
    response = asyncio.run(request.get_response())
sentry_sdk.flush(timeout=5)
print(json.dumps({"status": response["status"], "session": session}))
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("sentry")
    result = run(["manage.py", "migrate", "--no-input", "-v0"], {}, data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


def failing_request(env, data_dir) -> tuple[dict, FakeSentry]:
    with FakeSentry() as sentry:
        result = run(["-c", FAILING_REQUEST], {"SENTRY_DSN": sentry.dsn, **env}, data_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1]), sentry


def test_an_error_in_a_view_reaches_sentry_without_personal_data(migrated):
    env = {"SENTRY_ENVIRONMENT": "staging", "SENTRY_RELEASE": "supportsite@test"}

    answer, sentry = failing_request(env, migrated)

    assert answer["status"] == 500
    [event] = sentry.events()
    [error] = event["exception"]["values"]
    assert (error["type"], error["value"]) == ("RuntimeError", "the view failed on purpose")
    assert (event["environment"], event["release"]) == ("staging", "supportsite@test")
    assert event["request"]["headers"]["x-request-id"] == "req-abc-123"
    assert "user" not in event
    sent = sentry.raw()
    for private in ["ann@example.com", "cookie-value-7d1f", answer["session"], "body-value-5c2",
                    "query-value-3b9", "pw-9f8e7d6c5b"]:  # fmt: skip
        assert private not in sent


def test_personal_data_is_sent_only_when_asked_for(migrated):
    answer, sentry = failing_request({"SENTRY_SEND_PII": "1"}, migrated)

    [event] = sentry.events()
    assert event["user"]["email"] == "ann@example.com"
    assert "body-value-5c2" in sentry.raw()
    assert answer["session"] not in sentry.raw()  # the SDK's denylist still holds


def test_an_email_address_in_an_error_log_line_is_blanked(migrated):
    script = (
        "import django, logging, sentry_sdk; django.setup(); "
        "logging.getLogger('tickets.notify').error('email to %s failed', ['bob@example.com']); "
        "sentry_sdk.flush(timeout=5)"
    )
    with FakeSentry() as sentry:
        result = run(["-c", script], {"SENTRY_DSN": sentry.dsn}, migrated)

    assert result.returncode == 0, result.stderr
    assert "email to" in sentry.raw()
    assert "bob@example.com" not in sentry.raw()


def test_without_a_dsn_the_sdk_is_not_even_loaded(tmp_path):
    script = (
        "import sys, django; django.setup(); import supportsite.asgi; "
        "print('sentry_sdk' in sys.modules)"
    )

    result = run(["-c", script], {}, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False"]


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"SENTRY_DSN": "not-a-dsn"}, "SENTRY_DSN is not a valid Sentry DSN"),
        ({"SENTRY_TRACES_SAMPLE_RATE": "2"}, "SENTRY_TRACES_SAMPLE_RATE must be between 0 and 1"),
    ],
)
def test_a_malformed_setting_stops_start_up(env, complaint, tmp_path):
    result = run(["-c", "import django; django.setup()"], env, tmp_path)

    assert result.returncode != 0
    assert complaint in result.stderr
