"""ASGI entry point: HTTP through Django, websockets through Channels.

Run with `daphne supportsite.asgi:application`.
"""

import gc
import os

from django.core.asgi import get_asgi_application

from core.versions import require_safe_daphne

# Refuse to serve on a daphne without the websocket defences we count on.
require_safe_daphne()

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportsite.settings")
# Build Django's app first: it sets Django up before any model is imported below.
django_http_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.conf import settings  # noqa: E402

from accounts.language import SocketLanguage  # noqa: E402
from assistant.warm_up import warm_up  # noqa: E402
from core.errors import asgi_app  # noqa: E402
from core.websocket import secure_websocket  # noqa: E402
from supportsite.routing import websocket_urlpatterns  # noqa: E402

# With thousands of open sockets the default collector (700, 10, 10) runs constantly
# over long-lived objects. But each young-generation collection pauses every socket
# of the process for as long as it takes to go through the young objects: with
# 50,000 of them that was 25-110 ms, which set the p99 latency. 5,000 keeps each
# pause to a few ms (bench/chat_bench.py, 1,000 chats: answer p99 190 -> 32 ms).
gc.set_threshold(5_000, 20, 100)

application = ProtocolTypeRouter(
    {
        "http": django_http_app,
        # HTTP errors reach Sentry through its Django integration; sockets' through this.
        "websocket": asgi_app(secure_websocket(SocketLanguage(URLRouter(websocket_urlpatterns)))),
    }
)

if settings.ASSISTANT_WARM_UP:
    warm_up()

# Everything loaded so far (Django, the apps, LangChain: about 240,000 objects) lives as
# long as the process. Frozen, the collector's full passes skip it: each such pass
# paused every socket of the process for about 130 ms more than it now does.
gc.collect()
gc.freeze()
