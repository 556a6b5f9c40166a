"""Empty the metrics directory (PROMETHEUS_MULTIPROC_DIR) before this machine's
processes start: bin/serve runs it, a service manager should too (ExecStartPre). Never
while they run: the counters they have written would go back to nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Empty the metrics directory; run before starting the site's processes, never during."

    def handle(self, *args, **options):
        directory = settings.PROMETHEUS_MULTIPROC_DIR
        removed = 0
        for file in directory.glob("*.db"):
            file.unlink(missing_ok=True)
            removed += 1
        self.stdout.write(f"Metrics: {removed} file(s) removed from {directory}.")
