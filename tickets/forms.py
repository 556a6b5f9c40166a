from django import forms

from tickets.services import MAX_BODY_CHARS


def message_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_BODY_CHARS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class NewRequestForm(forms.Form):
    subject = forms.CharField(label="Subject", max_length=200)
    body = message_field("How can we help?")


class ReplyForm(forms.Form):
    body = message_field("Your reply")


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label="How did we do?",
        coerce=int,
        choices=[
            (5, "5 (excellent)"),
            (4, "4 (good)"),
            (3, "3 (okay)"),
            (2, "2 (poor)"),
            (1, "1 (bad)"),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Anything to add? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
