"""Forms for the desk's settings in the admin: each refuses what would break triage,
SLA clocks or routing, with a message that says what to fix."""

import datetime as dt
import zoneinfo

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tickets import canned, intents
from tickets.business_hours import overlapping_hours, supported_countries
from tickets.models import AgentStatus, BusinessCalendar, CannedResponse, EscalationRule


class AgentStatusForm(forms.ModelForm):
    class Meta:
        model = AgentStatus
        fields = ["agent", "is_available"]

    def clean_agent(self):
        agent = self.cleaned_data["agent"]
        if not agent.is_staff:
            raise forms.ValidationError(gettext("Only staff take tickets."))
        return agent


class BusinessCalendarForm(forms.ModelForm):
    """The country and subdivision are checked against the holidays package by the
    model (BusinessCalendar.clean); the opening hours by OpeningHoursFormSet."""

    class Meta:
        model = BusinessCalendar
        fields = ["name", "time_zone", "country", "subdivision", "extra_holidays"]

    def clean_time_zone(self):
        name = self.cleaned_data["time_zone"].strip()
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise forms.ValidationError(
                gettext("“%(name)s” is not a time zone name; use one like Europe/Paris or UTC.")
                % {"name": name}
            ) from None
        return name

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()

    def clean_subdivision(self):
        code = self.cleaned_data["subdivision"].strip()
        # Codes are upper case (BY, NW), but a few cities are named (Augsburg).
        known = supported_countries().get(self.data.get("country", "").strip().upper(), ())
        return next(
            (known_code for known_code in known if known_code.upper() == code.upper()), code
        )

    def clean_extra_holidays(self):
        days = self.cleaned_data["extra_holidays"] or []
        message = gettext('Extra holidays are ISO dates in a list, e.g. ["2026-12-24"].')
        if not isinstance(days, list) or not all(isinstance(day, str) for day in days):
            raise forms.ValidationError(message)
        try:
            return sorted({dt.date.fromisoformat(day).isoformat() for day in days})
        except ValueError as error:
            raise forms.ValidationError(f"{message} ({error})") from None


class OpeningHoursFormSet(forms.BaseInlineFormSet):
    """A calendar's opening hours: at least one span, none overlapping another of
    its day (each span's opens < closes is checked by OpeningHours.clean)."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        rows = [
            (form.cleaned_data["weekday"], form.cleaned_data["opens"], form.cleaned_data["closes"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if not rows:
            raise forms.ValidationError(
                gettext(
                    "A calendar needs opening hours on at least one day. For service around "
                    "the clock, leave the SLA policy's calendar blank instead."
                )
            )
        overlap = overlapping_hours(rows)
        if overlap:
            raise forms.ValidationError(
                gettext("%(overlap)s: a day's hours must not overlap.") % {"overlap": overlap}
            )


RULE_CONDITIONS = [
    "tier",
    "intents",
    "sentiment_below",
    "explicit_human_request",
    "min_ai_turns",
    "pattern",
    "min_minutes_waiting",
    "min_priority",
]
# A rule must do at least one of these; stop_here alone changes nothing.
RULE_ACTIONS = [
    "hand_off",
    "offer_human",
    "set_priority",
    "route_to",
    "add_tag",
    "notify_supervisors",
]


class IntentsField(forms.MultipleChoiceField):
    """Ticks among the intents listed; whether a name is known is checked by
    `tickets.intents`, whose refusal says what to do."""

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")


class EscalationRuleForm(forms.ModelForm):
    """Refuses rules that would do nothing or contradict themselves, or name an intent
    triage never gives. A pattern that is not a regular expression is refused by the
    model field's own validator."""

    intents = IntentsField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Any of these intents; none ticked: any intent."),
    )

    class Meta:
        model = EscalationRule
        fields = [
            "name", "position", "is_active", *RULE_CONDITIONS, *RULE_ACTIONS, "first_step",
            "stop_here",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_intents = intents.known_intents()
        # One the assistant no longer knows stays listed, ticked, until it is unticked:
        # dropping it silently would change what the rule matches.
        saved = self.instance.intents if isinstance(self.instance.intents, list) else []
        known = self.known_intents if self.known_intents is not None else {}
        unknown = gettext("%(name)s (unknown to the assistant)")
        listed = {**known, **{name: unknown % {"name": name}
                              for name in saved if name not in known}}  # fmt: skip
        self.fields["intents"].choices = sorted(listed.items())

    def clean_intents(self):
        chosen = self.cleaned_data["intents"]
        intents.validate_known_intents(chosen, self.known_intents)
        return chosen

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in RULE_ACTIONS):
            raise forms.ValidationError(
                gettext(
                    "This rule does nothing: give it at least one action (hand off, offer a "
                    "person, set a priority, route to a queue, add a tag or alert supervisors)."
                )
            )
        if cleaned.get("first_step") and not cleaned.get("hand_off"):
            raise forms.ValidationError(
                gettext(
                    "A first step is said with the hand-off: tick “hand off” too, or leave it "
                    "empty."
                )
            )
        if cleaned.get("hand_off") and cleaned.get("offer_human"):
            raise forms.ValidationError(
                gettext(
                    "Choose hand off or offer a person, not both: a hand-off already brings one."
                )
            )
        return cleaned


class CannedResponseForm(forms.ModelForm):
    """Refuses a placeholder the reply box would show the customer as written."""

    class Meta:
        model = CannedResponse
        fields = ["title", "body", "queue"]
        help_texts = {"body": canned.HELP_TEXT}

    def clean_body(self):
        body = self.cleaned_data["body"]
        canned.validate_canned_body(body)
        return body
