"""A new routine intent, dispute_process: how disputes work, asked about rather than
raised ("what's the process for a dispute with a shop? not doing it yet"; "what
happens to my payments while a dispute is open?"), answered from the article on
disputes with a person offered, where the "Risky topic" rule used to hand it off as a
dispute. A dispute asked for with "how do I" ("how do I dispute this purchase?") stays
a dispute: more examples for it. The article on disputes gets the new topic, in every
language.
As 0008: every earlier version's untouched defaults are brought up to date (their
fingerprints below), edited ones kept, and an assistant that has served is retrained."""

from django.db import migrations

INSTALLED = {
    "intents": {
        "dispute": ["04cc838798b7ec23"],
    },
    "articles": {},
    "topics": {"disputes": [["dispute"]]},
}


def refresh(apps, schema_editor):
    from assistant.defaults import refresh_and_retrain

    refresh_and_retrain(apps, INSTALLED)


class Migration(migrations.Migration):
    dependencies = [("assistant", "0017_refunds_after_a_settled_problem")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
