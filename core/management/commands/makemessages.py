"""Django's makemessages, leaving out what is not the product's text: build output
(var/: the development database, collected static files) and the tests. Run through
`make messages`, which extracts both domains for every language (README, Languages)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    NOT_PRODUCT_TEXT = ["var/*", "*/tests/*", "bench/*", "drills/*"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [
            *(options.get("ignore_patterns") or []),
            *self.NOT_PRODUCT_TEXT,
        ]
        return super().handle(*args, **options)
