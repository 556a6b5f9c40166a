# Opening hours per weekday, and public holidays by country and region (the holidays
# package) besides the company's own: each calendar's one span on its workdays becomes a
# row per workday, its typed holidays become its extra holidays.

import django.db.models.deletion
import simple_history.models
import tickets.models
from django.conf import settings
from django.db import migrations, models

REASON = "Opening hours per weekday; holidays by country"


def carry_hours_over(apps, schema_editor):
    from tickets.defaults import finish_default_calendar

    BusinessCalendar = apps.get_model("tickets", "BusinessCalendar")
    OpeningHours = apps.get_model("tickets", "OpeningHours")
    for calendar in BusinessCalendar.objects.order_by("pk"):
        if not calendar.opens < calendar.closes:
            continue  # never allowed by the admin; such a calendar had no working time
        workdays = sorted({int(day) for day in calendar.workdays if int(day) in range(7)})
        OpeningHours.objects.bulk_create(
            OpeningHours(calendar=calendar, weekday=day, opens=calendar.opens, closes=calendar.closes)
            for day in workdays
        )
    # A new database's default calendar (from 0002) gets its own country and hours.
    finish_default_calendar(apps)
    _check_constraints_now(schema_editor)


def hours_back_to_one_span(apps, schema_editor):
    """Backwards, as near as one span can say it: the days with hours, from the
    earliest opening to the latest closing (a shorter Friday or a break is lost)."""
    BusinessCalendar = apps.get_model("tickets", "BusinessCalendar")
    for calendar in BusinessCalendar.objects.prefetch_related("opening_hours"):
        rows = list(calendar.opening_hours.all())
        if rows:
            calendar.workdays = sorted({row.weekday for row in rows})
            calendar.opens = min(row.opens for row in rows)
            calendar.closes = max(row.closes for row in rows)
            calendar.save()
    _check_constraints_now(schema_editor)


def _check_constraints_now(schema_editor):
    # PostgreSQL refuses to alter a table with deferred foreign-key checks still pending.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def record_history(apps, schema_editor):
    """The calendars first, then their hours: in a calendar's History the hours show
    as the change of this new version, not of whoever saved the calendar last."""
    from tickets.setting_history import record_current_state

    record_current_state(apps, "tickets", ["BusinessCalendar"], reason=REASON, every=True)
    record_current_state(apps, "tickets", ["OpeningHours"], reason=REASON)


COUNTRY = models.CharField(blank=True, help_text='Whose public holidays close the desk: a two-letter ISO code such as SE or DE. Blank: none, only the extra holidays below.', max_length=2, validators=[tickets.models.validate_country])
SUBDIVISION = models.CharField(blank=True, help_text='The region or state whose holidays count too, as the country codes it (BY for Bavaria in DE). Blank: the national holidays only.', max_length=20)
EXTRA_HOLIDAYS = models.JSONField(blank=True, default=list, help_text='Other days the company closes, as ISO dates, e.g. ["2026-12-24"].')
WEEKDAYS = [(0, 'Monday'), (1, 'Tuesday'), (2, 'Wednesday'), (3, 'Thursday'), (4, 'Friday'), (5, 'Saturday'), (6, 'Sunday')]


class Migration(migrations.Migration):

    dependencies = [
        ('tickets', '0013_setting_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(model_name='businesscalendar', name='country', field=COUNTRY),
        migrations.AddField(model_name='historicalbusinesscalendar', name='country', field=COUNTRY),
        migrations.AddField(model_name='businesscalendar', name='subdivision', field=SUBDIVISION),
        migrations.AddField(model_name='historicalbusinesscalendar', name='subdivision', field=SUBDIVISION),
        migrations.RenameField(model_name='businesscalendar', old_name='holidays', new_name='extra_holidays'),
        migrations.RenameField(model_name='historicalbusinesscalendar', old_name='holidays', new_name='extra_holidays'),
        migrations.AlterField(model_name='businesscalendar', name='extra_holidays', field=EXTRA_HOLIDAYS),
        migrations.AlterField(model_name='historicalbusinesscalendar', name='extra_holidays', field=EXTRA_HOLIDAYS),
        migrations.CreateModel(
            name='OpeningHours',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weekday', models.PositiveSmallIntegerField(choices=WEEKDAYS)),
                ('opens', models.TimeField()),
                ('closes', models.TimeField()),
                ('calendar', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='opening_hours', to='tickets.businesscalendar')),
            ],
            options={
                'verbose_name': 'opening hours',
                'verbose_name_plural': 'opening hours',
                'ordering': ['weekday', 'opens'],
                'constraints': [models.CheckConstraint(condition=models.Q(('closes__gt', models.F('opens'))), name='opening_hours_close_after_open')],
            },
        ),
        migrations.CreateModel(
            name='HistoricalOpeningHours',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('weekday', models.PositiveSmallIntegerField(choices=WEEKDAYS)),
                ('opens', models.TimeField()),
                ('closes', models.TimeField()),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('calendar', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='tickets.businesscalendar')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical opening hours',
                'verbose_name_plural': 'historical opening hours',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(carry_hours_over, hours_back_to_one_span),
        migrations.RemoveField(model_name='businesscalendar', name='opens'),
        migrations.RemoveField(model_name='businesscalendar', name='closes'),
        migrations.RemoveField(model_name='businesscalendar', name='workdays'),
        migrations.RemoveField(model_name='historicalbusinesscalendar', name='opens'),
        migrations.RemoveField(model_name='historicalbusinesscalendar', name='closes'),
        migrations.RemoveField(model_name='historicalbusinesscalendar', name='workdays'),
        migrations.RunPython(record_history, migrations.RunPython.noop),
    ]
