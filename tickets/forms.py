from django import forms
from django.utils.translation import gettext_lazy as _

from tickets.services import MAX_BODY_CHARS


def message_field(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=MAX_BODY_CHARS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class NewRequestForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = message_field(_("How can we help?"))


class ReplyForm(forms.Form):
    body = message_field(_("Your reply"))


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How did we do?"),
        coerce=int,
        choices=[
            (5, _("5 (excellent)")),
            (4, _("4 (good)")),
            (3, _("3 (okay)")),
            (2, _("2 (poor)")),
            (1, _("1 (bad)")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
