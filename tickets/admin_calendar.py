"""The business calendars' admin: opening hours per weekday on the calendar's page,
the holidays it will observe (as the holidays package fills them in), and one History
for the calendar and its hours. Registered by tickets.admin."""

import datetime as dt
import zoneinfo

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tickets import setting_history, sla
from tickets.admin_forms import BusinessCalendarForm, OpeningHoursFormSet
from tickets.admin_history import SettingHistoryAdmin
from tickets.business_hours import WEEKDAY_NAMES
from tickets.models import OpeningHours

# How far ahead the calendar's page lists holidays.
HOLIDAYS_AHEAD = dt.timedelta(days=365)


def opening_hours_text(rows) -> str:
    """A week's opening hours as staff read them, a line per open day:
    "Friday 08:00-12:00, 13:00-16:00". Closed days are left out."""
    days: dict[int, list[str]] = {}
    for row in sorted(rows, key=lambda row: (row.weekday, row.opens)):
        days.setdefault(row.weekday, []).append(f"{row.opens:%H:%M}-{row.closes:%H:%M}")
    return "\n".join(f"{WEEKDAY_NAMES[day]} {', '.join(spans)}" for day, spans in days.items())


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    fields = ["weekday", "opens", "closes"]
    extra = 1
    verbose_name = _("opening hours")
    verbose_name_plural = _(
        "Opening hours, per weekday, on the calendar's clock (a closed day has no row; "
        "a day with a break has two)"
    )


class BusinessCalendarAdmin(SettingHistoryAdmin):
    form = BusinessCalendarForm
    inlines = [OpeningHoursInline]
    fields = ["name", "time_zone", "country", "subdivision", "extra_holidays", "next_holidays"]
    readonly_fields = ["next_holidays"]
    list_display = ["name", "time_zone", "country", "subdivision", "hours"]
    search_fields = ["name"]
    history_parts = [
        setting_history.Part(_("Opening hours"), OpeningHours, "calendar", opening_hours_text)
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("opening_hours")

    @admin.display(description=_("Opening hours"))
    def hours(self, calendar):
        text = opening_hours_text(calendar.opening_hours.all())
        return format_html_join("", "<div>{}</div>", ((line,) for line in text.splitlines()))

    @admin.display(description=_("Holidays in the next 12 months"))
    def next_holidays(self, calendar):
        if calendar.pk is None:
            return gettext("Listed once the calendar is saved.")
        try:
            today = dt.datetime.now(zoneinfo.ZoneInfo(calendar.time_zone)).date()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return gettext("Listed once the time zone is valid.")
        open_days = {row.weekday for row in calendar.opening_hours.all()}
        holidays = sla.holidays_of(calendar).between(today, today + HOLIDAYS_AHEAD)
        if not holidays:
            return gettext("None: no country is set and no extra holidays are typed in.")
        closed_anyway = gettext("closed anyway")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    date_format(day, "D j M Y"),
                    name,
                    "" if day.weekday() in open_days else closed_anyway,
                )
                for day, name in holidays
            ),
        )
        return format_html('<table class="next-holidays"><tbody>{}</tbody></table>', rows)
