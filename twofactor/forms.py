from django import forms
from django.utils.translation import gettext_lazy as _

CODE_INPUT = {
    "autocomplete": "one-time-code",
    "autocapitalize": "off",
    "spellcheck": "false",
    "autofocus": True,
}


class AuthenticatorCodeForm(forms.Form):
    """The code that confirms an authenticator app being set up."""

    code = forms.RegexField(
        regex=r"^[0-9]{3} ?[0-9]{3}$",
        label=_("6-digit code from the app"),
        max_length=7,
        error_messages={"invalid": _("Type the 6 digits the app shows, such as 123456.")},
        widget=forms.TextInput(attrs={**CODE_INPUT, "inputmode": "numeric"}),
    )


class CodeForm(forms.Form):
    """A code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6-digit code your authenticator app shows now, or a recovery code."),
        widget=forms.TextInput(attrs=CODE_INPUT),
    )


class ManageForm(CodeForm):
    """What a staff member does to their own second factor, proving it with a code."""

    action = forms.ChoiceField(
        choices=[("recovery_codes", "New recovery codes"), ("reset", "Reset")]
    )  # the page's two buttons
