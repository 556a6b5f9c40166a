"""What a report is asked for: its days, and optionally a queue and a tier."""

import datetime as dt

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reports.scope import DEFAULT_DAYS, MAX_DAYS, Scope, today
from tickets.models import Queue, Tier

DATE_HELP = "YYYY-MM-DD"


class ReportForm(forms.Form):
    """The dashboard's and the export's query: `from` and `to` (days in the desk's time
    zone, both included; the last 30 days when neither is given), `queue`, `tier`."""

    start = forms.DateField(
        label=_("From"), required=False, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": format_lazy(_("“From” must be a date written {format}."), format=DATE_HELP)
        },
    )  # fmt: skip
    end = forms.DateField(
        label=_("To"), required=False, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "invalid": format_lazy(_("“To” must be a date written {format}."), format=DATE_HELP)
        },
    )  # fmt: skip
    queue = forms.ModelChoiceField(
        Queue.objects.order_by("name"), required=False, empty_label=_("All queues"),
        label=_("Queue"), error_messages={"invalid_choice": _("There is no such queue.")},
    )  # fmt: skip
    tier = forms.ChoiceField(
        choices=[("", _("All tiers")), *Tier.choices], required=False, label=_("Tier"),
        error_messages={"invalid_choice": _("The tier is “standard” or “vip”.")},
    )  # fmt: skip

    @classmethod
    def from_query(cls, query) -> "ReportForm":
        """Bound to a request's query string; without `from` and `to`, the last 30 days."""
        data = query.copy()
        if not data.get("from") and not data.get("to"):
            end = today()
            data["from"] = (end - dt.timedelta(days=DEFAULT_DAYS - 1)).isoformat()
            data["to"] = end.isoformat()
        return cls(data)

    def add_prefix(self, field_name):
        # The query string names them from= and to=, Python keywords.
        return {"start": "from", "end": "to"}.get(field_name, field_name)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end = data.get("start"), data.get("end")
        if start is None or end is None:
            raise forms.ValidationError(
                gettext("Give both “from” and “to”, or neither (the last 30 days).")
            )
        if start > end:
            raise forms.ValidationError(
                gettext("“From” (%(start)s) is after “to” (%(end)s): swap them.")
                % {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"}
            )
        if (end - start).days + 1 > MAX_DAYS:
            raise forms.ValidationError(
                gettext("A report covers at most %(days)s days.") % {"days": MAX_DAYS}
            )
        return data

    def scope(self, *, agent_id: int | None = None) -> Scope:
        data = self.cleaned_data
        return Scope(
            first=data["start"], last=data["end"],
            queue_id=data["queue"].pk if data.get("queue") else None,
            tier=data.get("tier") or None, agent_id=agent_id,
        )  # fmt: skip

    def problems(self) -> str:
        return " ".join(error for errors in self.errors.values() for error in errors)
