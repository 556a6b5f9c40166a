"""`python manage.py run_sla_monitor`: watch SLA due times and handle each breach once.

Runs until stopped (SIGINT/SIGTERM), checking every `--interval` seconds; `--once`
makes a single pass. Any number of copies may run against PostgreSQL: each breach
is handled by exactly one of them (see tickets.sla.handle_breaches). A failed pass
(the database restarting, say) is logged and retried on the next tick.
"""

import logging
import signal
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from core import heartbeat
from core.app_modules import app_modules
from core.db import replace_connections_the_server_ended
from tickets.sla import monitor_pass

# Other apps add periodic work with a `monitor` module holding `tick(now=...)`
# (e.g. assistant.monitor finishes interrupted assistant turns).


def app_ticks():
    for app, module in app_modules("monitor"):
        yield app, module.tick


logger = logging.getLogger("tickets.sla_monitor")


class Command(BaseCommand):
    help = "Detect SLA breaches: alert supervisors and raise priority, once per breach."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run one pass and exit.")
        parser.add_argument(
            "--interval", type=float, default=15.0, help="Seconds between passes (default 15)."
        )
        parser.add_argument(
            "--batch", type=int, default=200, help="Tickets checked per pass at most."
        )

    def handle(self, *args, once=False, interval=15.0, batch=200, **options):
        if once:
            handled = monitor_pass(now=timezone.now(), batch=batch)
            heartbeat.beat(heartbeat.SLA_MONITOR)
            for _, tick in app_ticks():
                tick(now=timezone.now())
            self.stdout.write(f"SLA monitor: {handled} breach(es) handled.")
            return
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        self.stdout.write(f"SLA monitor running (every {interval:g} s). Ctrl+C to stop.")
        while not stop.is_set():
            self._tick(batch)
            stop.wait(interval)
        self.stdout.write("SLA monitor stopped.")

    def _tick(self, batch):
        close_old_connections()
        try:
            # Connections PostgreSQL ended while the monitor slept are replaced now,
            # not found one by one as the pass asks for them (a wait each).
            replace_connections_the_server_ended()
        except Exception:
            logger.warning("the database cannot be reached; retrying on the next tick")
            return
        try:
            handled = monitor_pass(now=timezone.now(), batch=batch)
        except Exception:
            logger.exception("SLA monitor pass failed; retrying on the next tick")
            return
        # Alive is a pass done: a monitor failing every pass goes silent on /healthz/workers.
        heartbeat.beat(heartbeat.SLA_MONITOR)
        if handled:
            logger.info("SLA monitor: %s breach(es) handled", handled)
        for name, tick in app_ticks():
            try:
                tick(now=timezone.now())
            except Exception:
                logger.exception("%s monitor tick failed; retrying on the next tick", name)
