"""The page an invited staff member opens from their email to choose a password.

Django's password-reset page, with its token (`default_token_generator`: works once,
expires after PASSWORD_RESET_TIMEOUT) and its form, which checks the password with
AUTH_PASSWORD_VALIDATORS; only for active staff. The invitation itself is sent by
`accounts.services.staff_invite`."""

from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.views.generic import TemplateView


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/staff_invitation_accept.html"
    success_url = reverse_lazy("staff_invitation_done")

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        if user is None or not (user.is_staff and user.is_active):
            return None
        return user


class InvitationDoneView(TemplateView):
    template_name = "accounts/staff_invitation_done.html"
