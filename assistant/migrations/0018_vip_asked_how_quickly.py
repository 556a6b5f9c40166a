""""How quickly am I supposed to get a real person?" asked about VIP found the article on
talking to a person: "quickly" was a word only that question used. The VIP article's
keywords now have it (bench/help_bench.py unchanged: top-1 82.7 %, top-3 84.7 %).
As 0008: keywords still as an earlier version installed them (the fingerprint below)
take this version's, edited ones are kept."""

from django.db import migrations

INSTALLED = {
    "intents": {},
    "articles": {"vip": ["eaed5c1878a346e9"]},
}


def refresh(apps, schema_editor):
    from assistant.defaults import refresh_and_retrain

    refresh_and_retrain(apps, INSTALLED)


class Migration(migrations.Migration):
    dependencies = [("assistant", "0017_refunds_after_a_settled_problem")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop)]
