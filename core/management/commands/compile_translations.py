"""`make` runs this when it installs: translators commit `.po` files, never `.mo`."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core.translations import CatalogError, compile_catalogs


class Command(BaseCommand):
    help = "Compile every .po catalog in the repository (locale/ and <app>/locale/) to .mo."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Also the up-to-date ones.")

    def handle(self, *args, force=False, **options):
        try:
            compiled = compile_catalogs(settings.BASE_DIR, force=force)
        except CatalogError as error:
            raise CommandError(f"A translation does not match its English:\n{error}") from None
        self.stdout.write(f"Translations: {len(compiled)} catalog(s) compiled.")
