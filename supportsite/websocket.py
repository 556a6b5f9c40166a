"""The one way websocket routes are exposed: origin-checked and logged in.

Every websocket route goes through `secure_websocket`, so no consumer can forget a
check. A refused handshake is closed before `accept()` with HTTP 403.
"""

from dataclasses import dataclass
from importlib import import_module

from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.security.websocket import AllowedHostsOriginValidator, WebsocketDenier
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from supportsite.db import release_connections


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
    active) the answer is unchanged too, so a later check can be one comparison in
    SQL (tickets.customer_messages). `session_data` is None when sessions are not
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


def when_logged_in(session_key: str | None, user_id: int, function, *args):
    """`function(*args)` if `check_login` finds the login good, else LoggedOut. (Sync:
    call it on a database thread.)"""
    if check_login(session_key, user_id) is None:
        raise LoggedOut
    return function(*args)


class DatabaseOffTheLoop(AsyncWebsocketConsumer):
    """A consumer whose database work all goes through supportsite.db.run_db, which
    hands its connections back itself. Channels would otherwise close old
    connections before every event on Django's single thread-sensitive thread: one
    more hop, in one line with every socket of the process, per frame and broadcast."""

    async def dispatch(self, message):
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)
