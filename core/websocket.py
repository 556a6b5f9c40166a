"""The one way websocket routes are exposed: origin-checked and logged in.

Every websocket route goes through `secure_websocket`, so no consumer can forget a
check. A refused handshake is closed before `accept()` with HTTP 403. Once open, a
socket's login is checked again before every frame that changes anything, and by
`LoginWatch` every few seconds whatever the socket does, so that a logout closes it.
"""

import asyncio
import json
import logging
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import import_module
from weakref import WeakKeyDictionary

from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.security.websocket import AllowedHostsOriginValidator, WebsocketDenier
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connection
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from core import log_context, metrics
from core.db import (
    Statement,
    column,
    columns_at_once,
    release_connections,
    run_db,
    run_together,
    table,
)

logger = logging.getLogger(__name__)


class CloseCode:
    """Why the server closed a socket (docs/chat-protocol.md). An application behind
    daphne may only send 1000 or 3000-4999 (anything else reaches the client as 1011),
    so ours are in 4000-4999, named after the HTTP status they resemble. Plain ints:
    daphne's websocket library refuses any other type, an IntEnum included."""

    REFUSED = 4003  # not allowed (before accept: the handshake fails with HTTP 403)
    NOT_FOUND = 4004  # no such ticket (before accept)
    LOGGED_OUT = 4401  # the login behind the socket ended
    TEXT_ONLY = 4415  # a binary frame: the protocol is JSON text


class LoginRequired:
    """Refuses the handshake unless the session belongs to an active user."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        # Loading the session and user opened a database connection in this
        # socket's context; return it now rather than hold it for the socket's
        # whole life.
        await sync_to_async(release_connections)()
        user = scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            return await WebsocketDenier()(scope, receive, send)
        return await self.app(scope, receive, send)


def secure_websocket(app):
    """Origin must be one of ALLOWED_HOSTS; the session cookie must be logged in."""
    return AllowedHostsOriginValidator(AuthMiddlewareStack(LoginRequired(app)))


@dataclass(frozen=True)
class LoginProof:
    """What a full login check read: the session row's data as stored and the user's
    password hash. While both are unchanged (and the session unexpired, the account
    active) the answer is unchanged too, so a later check needs only read them again
    (logins_still_good). `session_data` is None when sessions are not
    kept in the database: then only the full check applies."""

    session_data: str | None
    password: str


def check_login(session_key: str | None, user_id: int) -> LoginProof | None:
    """Is the socket's login still good: the session not logged out or expired, the
    password not changed since, the account still active? Its proof if so, None if
    not. (Sync; run it off the event loop.) Sockets check before each state-changing
    frame."""
    if not session_key:
        return None
    engine = import_module(settings.SESSION_ENGINE)
    stored = None
    if issubclass(engine.SessionStore, DatabaseSessionStore):
        model = engine.SessionStore.get_model_class()
        stored = (
            model.objects.filter(session_key=session_key, expire_date__gt=timezone.now())
            .values_list("session_data", flat=True)
            .first()
        )
        data = engine.SessionStore().decode(stored) if stored is not None else {}
    else:
        data = engine.SessionStore(session_key).load()
    if str(data.get(SESSION_KEY)) != str(user_id):
        return None  # logged out (the session is gone) or someone else's
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not constant_time_compare(
        data.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash()
    ):
        return None
    return LoginProof(session_data=stored, password=user.password)


class LoggedOut(Exception):
    """The socket's login is no longer good."""


def logins_still_good(logins: list[tuple[str | None, int, LoginProof | None]]) -> list:
    """check_login for many sockets at once: (session key, user id, last proof) each,
    their new proofs (None: logged out) in order. Where sessions are kept in the
    database, a login whose session row and password are as its proof saw them (the
    session unexpired, the account active) is still good: one prepared statement each,
    all in one round trip (this runs with every message a customer sends); the full
    check only where something changed. (Sync.)"""
    engine = import_module(settings.SESSION_ENGINE)
    unchanged: dict[int, bool] = {}
    if issubclass(engine.SessionStore, DatabaseSessionStore):
        model = engine.SessionStore.get_model_class()
        proven = [
            n for n, (_, _, proof) in enumerate(logins) if proof and proof.session_data is not None
        ]
        now = model._meta.get_field("expire_date").get_db_prep_value(timezone.now(), connection)
        [rows] = run_together(
            Statement(
                _proof_sql(model, get_user_model()),
                [[logins[n][1], logins[n][0], now] for n in proven],
                at_once=_proofs_at_once(model, get_user_model()),
            )
        )
        for n, found in zip(proven, rows, strict=True):
            proof = logins[n][2]
            unchanged[n] = [tuple(row) for row in found] == [(proof.session_data, proof.password)]
    return [
        proof if unchanged.get(n) else check_login(key, user_id)
        for n, (key, user_id, proof) in enumerate(logins)
    ]


@cache
def _proof_sql(session_model, user_model) -> str:
    """The session row's data and the user's password, if the session is unexpired and
    the account active: what a LoginProof holds."""
    session = lambda name: "s." + column(session_model, name)  # noqa: E731
    user = lambda name: "u." + column(user_model, name)  # noqa: E731
    sessions, users = table(session_model), table(user_model)
    return (
        f"SELECT {session('session_data')}, {user('password')} FROM {sessions} s "  # noqa: S608  # nosec B608
        f"JOIN {users} u ON {user('pk')} = %s AND {user('is_active')} "
        f"WHERE {session('session_key')} = %s AND {session('expire_date')} > %s"
    )


@cache
def _proofs_at_once(session_model, user_model) -> str:
    """_proof_sql for many logins in one statement (core.db.Statement.at_once)."""
    session = lambda name: "s." + column(session_model, name)  # noqa: E731
    user = lambda name: "u." + column(user_model, name)  # noqa: E731
    sessions, users = table(session_model), table(user_model)
    fields = [user_model._meta.pk, session_model._meta.get_field("session_key"),
              session_model._meta.get_field("expire_date")]  # fmt: skip
    logins = columns_at_once([field.db_type(connection) for field in fields],
                             ["user_id", "session_key", "now"])  # fmt: skip
    return (
        f"SELECT v.n, {session('session_data')}, {user('password')} FROM {logins} "  # noqa: S608  # nosec B608
        f"JOIN {sessions} s ON {session('session_key')} = v.session_key "
        f"AND {session('expire_date')} > v.now "
        f"JOIN {users} u ON {user('pk')} = v.user_id AND {user('is_active')}"
    )


class LoginWatch:
    """The open sockets of one event loop (one process), their logins checked every
    WEBSOCKET_LOGIN_CHECK_SECONDS whether or not they send anything: a socket whose
    login ended (logout, password change, deactivation, expiry) hears
    `login_ended()`. Runs only while sockets are open."""

    def __init__(self):
        self.sockets: dict = {}  # consumer -> None (insertion-ordered set)
        self.task = None

    def add(self, consumer) -> None:
        self.sockets[consumer] = None
        if self.task is None or self.task.done():
            self.task = log_context.detached_task(self._watch())

    def discard(self, consumer) -> None:
        self.sockets.pop(consumer, None)

    async def _watch(self):
        while self.sockets:
            await asyncio.sleep(settings.WEBSOCKET_LOGIN_CHECK_SECONDS)
            watched = list(self.sockets)
            logins = [(each.session_key(), each.user.pk, each.proof) for each in watched]
            try:
                proofs = await run_db(logins_still_good, logins)
            except Exception:
                # The database is away: nobody is closed for it; check again soon.
                logger.warning("login check of open sockets failed", exc_info=True)
                continue
            for consumer, proof in zip(watched, proofs, strict=True):
                if consumer not in self.sockets:
                    continue  # closed meanwhile
                if proof is None:
                    self.discard(consumer)
                    await consumer.login_ended()
                else:
                    consumer.proof = proof


_watches: WeakKeyDictionary = WeakKeyDictionary()  # event loop -> its LoginWatch


def login_watch() -> LoginWatch:
    loop = asyncio.get_running_loop()
    if loop not in _watches:
        _watches[loop] = LoginWatch()
    return _watches[loop]


def when_logged_in(session_key: str | None, user_id: int, function, *args):
    """`function(*args)` if `check_login` finds the login good, else LoggedOut. (Sync:
    call it on a database thread.)"""
    if check_login(session_key, user_id) is None:
        raise LoggedOut
    return function(*args)


LOGGED_OUT_FRAME = {
    "type": "error",
    "code": "logged_out",
    "message": "You have been logged out. Please log in again.",
}


class LoggedInSocket(AsyncWebsocketConsumer):
    """A socket that stays open only while its login is good: `proof` (check_login's,
    kept up to date) is checked before every frame that changes anything (by the
    subclass) and every few seconds by the LoginWatch. Call `watch_login` once
    accepted."""

    proof: LoginProof | None = None

    async def dispatch(self, message):
        # Its database work all goes through core.db.run_db, which hands its
        # connections back itself. Channels would otherwise close old connections
        # before every event on Django's single thread-sensitive thread: one more hop,
        # in one line with every socket of the process, per frame and broadcast.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        # Lines logged meanwhile carry the socket's request id and its ticket, if any.
        with log_context.bound(
            request_id=self.request_id, ticket_id=getattr(self, "ticket_id", None)
        ):
            await handler(message)

    @cached_property
    def request_id(self) -> str:
        """The handshake's X-Request-ID (if sane) or a new one, for the socket's life."""
        headers = dict(self.scope.get("headers", ()))
        return log_context.request_id_from(headers.get(b"x-request-id"))

    def session_key(self) -> str | None:
        session = self.scope.get("session")
        return session.session_key if session is not None else None

    async def accept(self, subprotocol=None, headers=None):
        await super().accept(subprotocol, headers)
        self.counted_open = True
        metrics.OPEN_SOCKETS.inc()

    async def watch_login(self, proof: LoginProof | None) -> None:
        self.user, self.proof = self.scope["user"], proof
        login_watch().add(self)

    async def websocket_disconnect(self, message):
        login_watch().discard(self)
        if vars(self).pop("counted_open", False):
            metrics.OPEN_SOCKETS.dec()
        await super().websocket_disconnect(message)

    async def login_ended(self) -> None:
        """Tell the client why, then close (the client must log in again)."""
        login_watch().discard(self)
        try:
            await self.send(text_data=json.dumps(LOGGED_OUT_FRAME))
            await self.close(code=CloseCode.LOGGED_OUT)
        except Exception:
            logger.debug("socket already closed when its login ended")
