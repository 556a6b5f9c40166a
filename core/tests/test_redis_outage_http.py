"""The website with Redis killed or hung: login still works (sessions are in the
database) and the API still answers (its rate-limit counters, the only thing in the
cache, fail open) within the Redis timeout. Needs Redis (REDIS_URL)."""

import os
import time

import pytest
from django.core.cache import cache

from core.cache import ForgivingRedisCache
from core.tests.redis_fault import FROZEN, REFUSED, UP, RedisFault

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (set REDIS_URL)"),
]
TIMEOUT = 1.0


@pytest.fixture
def redis_fault(settings):
    fault = RedisFault(os.environ["REDIS_URL"]).start()
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ForgivingRedisCache",
            "LOCATION": fault.url,
            "OPTIONS": {"socket_timeout": TIMEOUT, "socket_connect_timeout": TIMEOUT},
        }
    }
    ForgivingRedisCache._warned_at = -1e9  # each test sees its own warning
    yield fault
    fault.set(UP)
    fault.stop()


@pytest.mark.parametrize("fault", [REFUSED, FROZEN])
def test_login_and_the_api_work_while_redis_is_down(client, customer, redis_fault, fault, caplog):
    customer.set_password("a long enough password")
    customer.save()
    redis_fault.set(fault)

    started = time.monotonic()
    login = client.post(
        "/login/", {"username": customer.email, "password": "a long enough password"}
    )
    api = client.get("/api/tickets/")

    assert login.status_code == 302
    assert api.status_code == 200
    assert time.monotonic() - started < 4 * TIMEOUT + 2
    assert "cache unavailable" in caplog.text


def test_the_api_rate_limit_counts_again_once_redis_is_back(client, customer, redis_fault):
    client.force_login(customer)
    key = f"throttle_user_{customer.pk}"  # where DRF's user throttle keeps its history
    cache.delete(key)
    redis_fault.set(REFUSED)
    assert client.get("/api/tickets/").status_code == 200

    redis_fault.set(UP)
    assert client.get("/api/tickets/").status_code == 200
    assert len(cache.get(key)) == 1  # counted again; the request during the outage was not
