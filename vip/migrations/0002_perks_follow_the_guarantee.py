"""Plans' perks stop stating the guaranteed time: each time written out ("15 minutes",
"10 min", "1 hour") becomes {guarantee}, which the pricing page fills from the plan's
guarantee (vip.perks). Going back writes the plan's guarantee in again."""

import re

from django.db import migrations, models

# A time written out, longest first: "1 hour 30 minutes" is one time, not two.
STATED_TIME = re.compile(
    r"\b\d+\s*(?:hours?|hrs?)(?:\s+(?:and\s+)?\d+\s*(?:minutes?|mins?))?\b"
    r"|\b\d+\s*(?:minutes?|mins?|hours?|hrs?)\b",
    re.IGNORECASE,
)
HELP_TEXT = (
    "One per line, shown on the pricing page. Write {guarantee} where the guaranteed time "
    "goes, e.g. “A person within {guarantee}, day and night”: the text follows the guarantee."
)


def with_placeholder(perks: str) -> str:
    return STATED_TIME.sub("{guarantee}", perks)


def written_out(perks: str, minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    words = " ".join(parts)
    return perks.replace("{guarantee}", words).replace("{minutes}", str(minutes))


def forwards(apps, schema_editor):
    Plan = apps.get_model("vip", "Plan")
    for plan in Plan.objects.exclude(perks=""):
        perks = with_placeholder(plan.perks)
        if perks != plan.perks:
            Plan.objects.filter(pk=plan.pk).update(perks=perks)


def backwards(apps, schema_editor):
    Plan = apps.get_model("vip", "Plan")
    for plan in Plan.objects.filter(perks__contains="{"):
        Plan.objects.filter(pk=plan.pk).update(
            perks=written_out(plan.perks, plan.guaranteed_minutes)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("vip", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="plan",
            name="perks",
            field=models.TextField(blank=True, help_text=HELP_TEXT),
        ),
        migrations.RunPython(forwards, backwards),
    ]
