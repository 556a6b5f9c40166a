"""Metrics for Prometheus: every metric of the product, and `GET /metrics`.

prometheus-client's multiprocess mode: each process (the daphne processes, the SLA
monitor, a command) writes its values to files of its own in PROMETHEUS_MULTIPROC_DIR,
and `/metrics`, answered by any of them, reads them all and serves the machine's sums;
so a scrape through a load balancer reads the same figures whichever process answers.
Counters of a process that ended stay in the directory (the sums never go back); its
live gauges (open sockets) go with it.

The apps count each event at the one place it happens; its label values are the codes
the apps define (tickets.models.HandOffCode, assistant.models.AssistantTurn.Outcome),
every one created at 0 from the apps' `ready()`, so their series exist before the first
event. A figure read from the database when scraped (tickets waiting per queue) is
registered by its app with `register_scrape_gauge`: core imports no app.

With METRICS_ENABLED off, every metric here is `OFF`, which does nothing, and
/metrics answers 404.
"""

import atexit
import logging
import os
import time
from collections.abc import Callable
from contextlib import nullcontext
from ipaddress import ip_address
from pathlib import Path

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

logger = logging.getLogger(__name__)

ENABLED = settings.METRICS_ENABLED


class _Off:
    """Stands for every metric while metrics are off: each call does nothing."""

    def labels(self, *args, **kwargs):
        return self

    def inc(self, amount: float = 1) -> None:
        pass

    dec = set = observe = inc

    def time(self):
        return nullcontext()


OFF = _Off()


def _metric(kind, name: str, documentation: str, labels=(), **options):
    # registry=None: the metrics live in the directory's files; /metrics reads those.
    return kind(name, documentation, labels, registry=None, **options) if ENABLED else OFF


# --- The directory ----------------------------------------------------------------------


def _pid_of(file: Path) -> int | None:
    """`counter_1234.db` -> 1234."""
    try:
        return int(file.stem.rsplit("_", 1)[1])
    except (IndexError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def forget_dead_processes(directory: Path) -> None:
    """Drop the live gauges of processes that ended without saying so (killed): an
    open-sockets figure must not count a dead process's sockets. Their counters stay."""
    pids = {_pid_of(file) for file in directory.glob("gauge_live*.db")}
    for pid in pids - {None}:
        if not _alive(pid):
            mark_process_dead(pid, str(directory))


def _start_process(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    forget_dead_processes(directory)
    # A process that had our pid before us may have left live gauges.
    mark_process_dead(os.getpid(), str(directory))
    atexit.register(lambda: mark_process_dead(os.getpid(), str(directory)))


if ENABLED:
    _start_process(Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]))


# --- The metrics --------------------------------------------------------------------------

HTTP_REQUESTS = _metric(
    Counter, "supportsite_http_requests_total", "HTTP requests answered, by method and "
    "status class (2xx, 4xx...).", ["method", "status"],
)  # fmt: skip
HTTP_REQUEST_SECONDS = _metric(
    Histogram, "supportsite_http_request_seconds", "Time to answer an HTTP request."
)
ASSISTANT_TURNS = _metric(
    Counter, "supportsite_assistant_turns_total", "Assistant turns ended, by outcome "
    "(assistant.models.AssistantTurn.Outcome).", ["outcome"],
)  # fmt: skip
HANDOFFS = _metric(
    Counter, "supportsite_handoffs_total", "Conversations handed to a person, by reason "
    "(tickets.models.HandOffCode).", ["reason"],
)  # fmt: skip
SLA_BREACHES = _metric(
    Counter, "supportsite_sla_breaches_total", "SLA targets missed, by the ticket's tier.",
    ["tier"],
)  # fmt: skip
CHAT_ACK_SECONDS = _metric(
    Histogram, "supportsite_chat_ack_seconds", "From a customer's chat message arriving "
    "to its acknowledgement (stored).",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)  # fmt: skip
ASSISTANT_ANSWER_SECONDS = _metric(
    Histogram, "supportsite_assistant_answer_seconds", "From a customer's chat message "
    "arriving to the end of the assistant's turn on it (answered or handed off).",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60),
)  # fmt: skip
OPEN_SOCKETS = _metric(
    Gauge, "supportsite_open_sockets", "Websockets open now (customers' and agents').",
    multiprocess_mode="livesum",
)  # fmt: skip
REALTIME_DEGRADED = _metric(
    Counter, "supportsite_realtime_degraded_total", "Times a process lost live delivery "
    "(Redis away; messages still stored, clients catch up by resume).",
)  # fmt: skip
TASKS_FAILED = _metric(
    Counter, "supportsite_tasks_failed_total", "Background tasks that failed for good "
    "(every attempt spent; listed in the admin with a retry action).",
)  # fmt: skip


def preset(metric, values) -> None:
    """Create `metric`'s series for each label value, at 0."""
    for value in values:
        metric.labels(value)


# --- Figures read when scraped -----------------------------------------------------------


class _ScrapeGauge:
    """A gauge whose values `read()` ({label value: number}) computes at each scrape."""

    def __init__(self, name: str, documentation: str, label: str, read: Callable[[], dict]):
        self.name, self.documentation, self.label, self.read = name, documentation, label, read

    def collect(self):
        try:
            values = self.read()
        except Exception:
            # The rest of the scrape still answers; the series is missing meanwhile.
            logger.warning("metrics: %s could not be read", self.name, exc_info=True)
            return
        family = GaugeMetricFamily(self.name, self.documentation, labels=[self.label])
        for value, number in sorted(values.items()):
            family.add_metric([str(value)], number)
        yield family


_scrape_gauges: dict[str, _ScrapeGauge] = {}


def register_scrape_gauge(name: str, documentation: str, label: str, read) -> None:
    """From an app's `ready()`: a gauge computed by `read()` (one cheap query) when
    /metrics is read, by the process that answers."""
    _scrape_gauges[name] = _ScrapeGauge(name, documentation, label, read)


# --- GET /metrics -------------------------------------------------------------------------


# A request that came through a proxy: its address is the proxy's, or (daphne
# --proxy-headers takes the first X-Forwarded-For) one the client may have written.
PROXY_HEADERS = ("X-Forwarded-For", "Forwarded", "X-Real-IP")


def may_scrape(request) -> bool:
    """Anywhere with `Authorization: Bearer <METRICS_TOKEN>`; without it, only straight
    from an allowed network (METRICS_ALLOWED_NETWORKS), never through a proxy."""
    token = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and constant_time_compare(given, f"Bearer {token}"):
        return True
    if any(header in request.headers for header in PROXY_HEADERS):
        return False
    try:
        address = ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    address = getattr(address, "ipv4_mapped", None) or address
    return any(address in network for network in settings.METRICS_ALLOWED_NETWORKS)


@never_cache
@require_safe
def metrics_view(request):
    if not ENABLED:
        raise Http404
    if not may_scrape(request):
        return HttpResponseForbidden(
            "Metrics are served to METRICS_ALLOWED_NETWORKS, or with the METRICS_TOKEN.\n",
            content_type="text/plain",
        )
    directory = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    forget_dead_processes(Path(directory))
    registry = CollectorRegistry(auto_describe=True)
    MultiProcessCollector(registry, path=directory)
    for gauge in _scrape_gauges.values():
        registry.register(gauge)
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))
    return HttpResponse(encode(registry), content_type=content_type)


# --- Request metrics ----------------------------------------------------------------------

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def _count_request(method: str, status: int, seconds: float) -> None:
    # Method and status class only: a path (with its ids) would make a series per ticket.
    method = method if method in METHODS else "other"
    HTTP_REQUESTS.labels(method, f"{status // 100}xx").inc()
    HTTP_REQUEST_SECONDS.observe(seconds)


class RequestMetricsMiddleware:
    """Counts and times every HTTP request (first in MIDDLEWARE: the others' time too).
    Sync and async, so that under daphne a request never hops threads for it."""

    sync_capable = async_capable = True

    def __init__(self, get_response):
        if not ENABLED:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self._acall(request)
        started = time.perf_counter()
        response = self.get_response(request)
        _count_request(request.method, response.status_code, time.perf_counter() - started)
        return response

    async def _acall(self, request):
        started = time.perf_counter()
        response = await self.get_response(request)
        _count_request(request.method, response.status_code, time.perf_counter() - started)
        return response
