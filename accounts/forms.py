from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    BaseUserCreationForm,
    PasswordResetForm,
)
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts import emails
from accounts.models import User, normalize_email
from core.mail import recipient_language


class LoginForm(AuthenticationForm):
    """Django's login form with an email input. Its one error message is used for a
    wrong password and an unknown email alike."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That email and password do not match an account. Check them and try again, "
            "or reset your password."
        ),
    }


class SignupForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]
        labels = {"full_name": _("Your name")}
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
        }

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        if User.objects.filter(email=email).exists():
            raise forms.ValidationError(
                _("An account with this email already exists. Log in instead?")
            )
        return email


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name"]
        labels = {"full_name": _("Your name")}
        widgets = {"full_name": forms.TextInput(attrs={"autocomplete": "name"})}


class PasswordResetByTaskForm(PasswordResetForm):
    """Django's reset form; its email is a background task (accounts.emails) that makes
    the link when it is sent. The page answers at once whether or not the mail server
    does, and a failed send is retried."""

    def send_mail(self, subject_template_name, email_template_name, context, from_email,
                  to_email, html_email_template_name=None):  # fmt: skip
        emails.password_reset.enqueue(
            user_id=context["user"].pk,
            protocol=context["protocol"],
            domain=context["domain"],
            language=recipient_language(context["user"], default=get_language()),
        )
