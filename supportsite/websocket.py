"""The one way websocket routes are exposed: origin-checked and logged in.

Every websocket route goes through `secure_websocket`, so no consumer can forget a
check. A refused handshake is closed before `accept()` with HTTP 403.
"""

from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.security.websocket import AllowedHostsOriginValidator, WebsocketDenier

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
