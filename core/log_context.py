"""Which request, socket and ticket a log line belongs to.

A context variable holds the fields of what is being handled now: the HTTP middleware
sets `request_id` for each request (an incoming `X-Request-ID` when it is sane, else a
new one, echoed in the response), the websocket consumers set theirs for each frame
(core.websocket), and `ContextFilter` copies them onto every log record, so each line
carries them (as JSON keys with LOG_FORMAT=json). A request's `ticket_id` is read from
its URL when a line is logged; a socket binds the ticket it follows.

Tasks started while handling something inherit its fields (an assistant turn carries
its ticket): a task that serves the whole process starts with `detached_task` instead,
so its lines are not put down to whichever socket happened to start it.
"""

import asyncio
import contextvars
import logging
import re
import uuid
from collections.abc import Coroutine
from contextlib import contextmanager

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.utils.log import log_response

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's request id looks like (a UUID, AWS's Root=1-..., hex): anything else
# (too long, spaces, control characters) is replaced, so nobody writes into our logs.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:=+/@-]{1,128}")
# Where the pages about one ticket carry its id: URL name prefix -> URL argument
# (the admin's ticket pages, the API's `ticket-...` routes); `ticket_id` anywhere.
TICKET_IN_URL = (("tickets_ticket_", "object_id"), ("ticket-", "pk"))


class _Handling:
    """What is being handled: fixed fields, and the HTTP request (read lazily for the
    ticket: Django resolves the URL after the middleware ran)."""

    __slots__ = ("fields", "request")

    def __init__(self, fields: dict, request=None):
        self.fields, self.request = fields, request


_current: contextvars.ContextVar[_Handling | None] = contextvars.ContextVar(
    "log_context", default=None
)


def request_id_from(value: str | bytes | None) -> str:
    """The incoming request id if it is sane, else a new one."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if value and SANE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


@contextmanager
def bound(**fields):
    """Log lines inside carry `fields` (None values are left out), besides the
    surrounding ones."""
    token = _current.set(_merged(fields))
    try:
        yield
    finally:
        _current.reset(token)


def bind(**fields) -> None:
    """Add `fields` for the rest of what is being handled (a socket that has just
    started following a ticket)."""
    _current.set(_merged(fields))


def _merged(fields: dict) -> _Handling:
    now = _current.get()
    if now is None:
        return _Handling(fields)
    return _Handling({**now.fields, **fields}, now.request)


def current_fields() -> dict:
    """The fields a log line written now would carry."""
    handling = _current.get()
    if handling is None:
        return {}
    fields = {name: value for name, value in handling.fields.items() if value is not None}
    if "ticket_id" not in fields and handling.request is not None:
        ticket_id = _ticket_in_url(getattr(handling.request, "resolver_match", None))
        if ticket_id is not None:
            fields["ticket_id"] = ticket_id
    return fields


def _ticket_in_url(match):
    if match is None:
        return None
    if "ticket_id" in match.kwargs:
        return match.kwargs["ticket_id"]
    for prefix, argument in TICKET_IN_URL:
        if (match.url_name or "").startswith(prefix) and argument in match.kwargs:
            return match.kwargs[argument]
    return None


def detached_task(coroutine: Coroutine) -> asyncio.Task:
    """Start a task that serves the whole process (a batch of many sockets' work, a
    watch over all of them): it runs without the fields of whatever started it."""
    context = contextvars.copy_context()
    context.run(_current.set, None)
    return asyncio.get_running_loop().create_task(coroutine, context=context)


class ContextFilter(logging.Filter):
    """Puts the current fields on each record (on the handler: every logger's lines)."""

    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in current_fields().items():
            if not hasattr(record, name):  # an explicit `extra=` wins
                setattr(record, name, value)
        return True


class RequestContextMiddleware:
    """First in MIDDLEWARE: every line logged while a request is handled carries its
    `request_id`, and the response says it in `X-Request-ID` (quote it to us)."""

    sync_capable = async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request):
        if self.is_async:
            return self._handle_async(request)
        token = self._start(request)
        try:
            return self._finish(request, self.get_response(request))
        finally:
            _current.reset(token)

    async def _handle_async(self, request):
        token = self._start(request)
        try:
            return self._finish(request, await self.get_response(request))
        finally:
            _current.reset(token)

    def _start(self, request) -> contextvars.Token:
        request.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        return _current.set(_Handling({"request_id": request.request_id}, request))

    def _finish(self, request, response):
        response[REQUEST_ID_HEADER] = request.request_id
        if response.status_code >= 400:
            # Django logs a failed response ("Not Found: /x") once every middleware has
            # returned, outside this context; logged here, it is not logged again.
            log_response("%s: %s", response.reason_phrase, request.path,
                         response=response, request=request)  # fmt: skip
        return response
