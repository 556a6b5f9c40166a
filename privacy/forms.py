from django import forms
from django.utils.translation import gettext_lazy


class ErasureRequestForm(forms.Form):
    """Asking for erasure: the password again (a session left open on a shared
    computer is not enough to have an account erased) and that it cannot be undone."""

    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label=gettext_lazy("I understand that erasure cannot be undone."),
        error_messages={"required": gettext_lazy("Tick this to confirm that you understand.")},
    )

    def __init__(self, *args, customer, **kwargs):
        super().__init__(*args, **kwargs)
        self.customer = customer

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.customer.check_password(password):
            raise forms.ValidationError(gettext_lazy("That is not your password."))
        return password
