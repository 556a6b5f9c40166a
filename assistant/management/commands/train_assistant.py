"""`python manage.py train_assistant`: retrain the triage from the intents in the admin.

Running processes keep answering with the previous model and switch to the new one
within seconds of it being saved."""

from django.core.management.base import BaseCommand, CommandError

from assistant.training import NotEnoughExamples, train_from_intents


class Command(BaseCommand):
    help = "Train the assistant's triage from the active intents and their examples."

    def handle(self, *args, **options):
        try:
            version = train_from_intents()
        except NotEnoughExamples as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Trained on {version.example_count} examples of {version.intent_count} intents "
            f"in {version.train_seconds:.2f} s."
        )
