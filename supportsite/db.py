"""Database work from async code (websocket consumers).

`run_db` runs a sync function on a worker thread of a pool — not on Django's single
thread-sensitive thread, which would make every socket of the process wait in one
line — and hands the thread's database connection back when the call ends (to the
pool with PostgreSQL's pool; closed or kept per CONN_MAX_AGE otherwise). It asks
for every alias rather than only "initialized" ones: from a worker thread Django's
own close_old_connections() misses connections opened in the caller's context.
"""

from asgiref.sync import sync_to_async
from django.db import connections


def release_connections() -> None:
    for connection in connections.all():
        connection.close_if_unusable_or_obsolete()


async def run_db(function, /, *args, **kwargs):
    def call():
        try:
            return function(*args, **kwargs)
        finally:
            release_connections()

    return await sync_to_async(call, thread_sensitive=False)()
