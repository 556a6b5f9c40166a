""""Can I use my PayPal instead of the card for the payments?" found no article: its
words were common ones, and the article on how to pay had none of "instead of my card".
Its keywords now have them, in place of "cards we accept" (keywords are at most 300
characters; "accept" is in the article's title). bench/help_bench.py: top-1 82.7 -> 83.2 %,
top-3 84.7 -> 85.2 %, unanswerable questions rejected unchanged at 91.4 %.
As 0008: keywords still as an earlier version installed them (the fingerprint below)
take this version's, edited ones are kept."""

from django.db import migrations

INSTALLED = {
    "intents": {},
    "articles": {"how-to-pay": ["850dcb1d19b672ac"]},
}


def refresh(apps, schema_editor):
    from assistant.defaults import refresh_and_retrain

    refresh_and_retrain(apps, INSTALLED)


class Migration(migrations.Migration):
    dependencies = [("assistant", "0018_vip_asked_how_quickly")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
