"""`python manage.py run_task_worker`: run background tasks (emails, Stripe credits,
webhook follow-ups) until stopped.

Run as many as you like, on as many machines as you like: each task is claimed by one
worker (core.tasks). SIGINT/SIGTERM stop it after the task it is running; a second
signal stops it at once (that task is tried again later).
"""

import threading

from django.core.management.base import BaseCommand

from core import tasks


class Command(BaseCommand):
    help = "Run background tasks: emails, Stripe credits, webhook follow-ups."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to rest when no task is ready (default 1).",
        )
        parser.add_argument(
            "--once", action="store_true", help="Run the tasks ready now, then exit."
        )

    def handle(self, *args, interval=1.0, once=False, **options):
        if once:
            ran = tasks.run_ready(max_tasks=10_000)
            self.stdout.write(f"Task worker: {ran} task(s) run.")
            return
        stop = threading.Event()
        tasks.stop_on_signal(stop)
        self.stdout.write("Task worker running. Ctrl+C to stop.")
        tasks.work(stop=stop, interval=interval)
        self.stdout.write("Task worker stopped.")
