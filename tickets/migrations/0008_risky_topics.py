"""The "Risky topic" rule also hands off bereavement and legal matters (intents the
assistant's triage now knows), unless a supervisor changed its intents already."""

from django.db import migrations

FIRST_VERSION = ["fraud", "dispute", "lost_card", "hardship"]


def widen(apps, schema_editor):
    from tickets.defaults import RISKY_INTENTS

    EscalationRule = apps.get_model("tickets", "EscalationRule")
    for rule in EscalationRule.objects.filter(name="Risky topic"):
        if rule.intents == FIRST_VERSION:
            rule.intents = RISKY_INTENTS
            rule.save(update_fields=["intents"])


class Migration(migrations.Migration):
    dependencies = [("tickets", "0007_ticket_version")]

    operations = [migrations.RunPython(widen, migrations.RunPython.noop)]
