"""`GET /healthz`: is this process able to serve? For load balancers and monitors.
`GET /healthz/workers`: are the background workers alive (core.heartbeat)? For the
monitoring that pages someone, not for the load balancer: a silent SLA monitor is no
reason to take a web process out.

Each check has its own time limit, so a hung dependency answers 503 in seconds
rather than tying up the probe.
"""

import asyncio
import logging

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.heartbeat import workers_report

logger = logging.getLogger(__name__)

CHECK_TIMEOUT_SECONDS = 3.0


def _database_answers() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def check_database() -> None:
    # Runs on the thread that serves this request's sync work, whose connection
    # Django checks and recycles at the end of the request like any other.
    await sync_to_async(_database_answers, thread_sensitive=True)()


async def check_channel_layer() -> None:
    # A group send is a real write through the layer (a Redis PUBLISH when Redis is
    # configured) and leaves nothing behind: no group members, no subscription.
    await get_channel_layer().group_send("healthz", {"type": "healthz.probe"})


CHECKS = {"database": check_database, "channel_layer": check_channel_layer}


async def run_check(name: str) -> bool:
    try:
        await asyncio.wait_for(CHECKS[name](), timeout=CHECK_TIMEOUT_SECONDS)
    except Exception:
        logger.warning("healthz: %s check failed", name, exc_info=settings.DEBUG)
        return False
    return True


@never_cache
@require_safe
async def healthz(request):
    names = list(CHECKS)
    results = await asyncio.gather(*(run_check(name) for name in names))
    checks = {name: "ok" if ok else "down" for name, ok in zip(names, results, strict=True)}
    healthy = all(results)
    return JsonResponse(
        {"status": "ok" if healthy else "down", "checks": checks},
        status=200 if healthy else 503,
    )


@never_cache
@require_safe
async def healthz_workers(request):
    """Each worker kind's newest beat, its age and live count; 503 if one is silent.
    Hosts and process ids only with `Authorization: Bearer <HEALTH_TOKEN>`."""
    report = sync_to_async(workers_report, thread_sensitive=True)
    try:
        body = await asyncio.wait_for(report(details=_operator(request)), CHECK_TIMEOUT_SECONDS)
    except Exception:
        logger.warning("healthz/workers: heartbeats unreadable", exc_info=settings.DEBUG)
        return JsonResponse({"status": "unknown", "checks": {"database": "down"}}, status=503)
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


def _operator(request) -> bool:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    expected = settings.HEALTH_TOKEN
    return bool(expected) and scheme == "Bearer" and constant_time_compare(token, expected)
