"""STAFF_TWO_FACTOR: on whenever DEBUG is off, unless set otherwise; off in development.
Settings are read once at start-up, so each case starts a fresh Python process."""

import pytest

from supportsite.tests.test_settings import PRODUCTION, run

SHOW = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.STAFF_TWO_FACTOR)"
)


@pytest.mark.parametrize(
    ("env", "required"),
    [
        ({}, "False"),  # development: DEBUG is on
        (PRODUCTION, "True"),
        ({**PRODUCTION, "STAFF_TWO_FACTOR": "0"}, "False"),  # relaxed on purpose
        ({"STAFF_TWO_FACTOR": "on"}, "True"),  # to try it in development
    ],
    ids=["development", "production", "production relaxed", "development with it"],
)
def test_the_second_factor_is_required_unless_debug_or_relaxed(tmp_path, env, required):
    result = run(["-c", SHOW], env, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == required


def test_a_malformed_value_stops_start_up_naming_the_variable(tmp_path):
    result = run(["-c", SHOW], {**PRODUCTION, "STAFF_TWO_FACTOR": "sometimes"}, tmp_path)

    assert result.returncode != 0
    assert "STAFF_TWO_FACTOR must be true or false" in result.stderr
