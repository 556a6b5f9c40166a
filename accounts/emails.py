"""Emails that carry a password link. They are background tasks (core.tasks) that
store only ids and render the email, with a fresh token, when a worker sends it: a
link to choose a password never waits in a task's row, where staff could read it."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from core.mail import deliver, recipient_language, render_email
from core.tasks import background


def _uid_and_token(user: User) -> dict:
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


@background(takes_context=True)
def staff_invitation(context, *, member_id: int, invited_by_id: int | None = None) -> str:
    """Email a link to choose a password: Django's password-reset token, so it works
    once (choosing a password changes what it was made from) and expires after
    PASSWORD_RESET_TIMEOUT. Not sent if they are no longer waiting for one."""
    member = User.objects.get(pk=member_id)
    if member.has_usable_password() or not (member.is_staff and member.is_active):
        return "not sent: no longer invited"
    values = {
        "member": member,
        "invited_by": User.objects.filter(pk=invited_by_id).first(),
        "link": settings.SITE_URL
        + reverse("staff_invitation_accept", kwargs=_uid_and_token(member)),
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    subject, body = render_email(
        "accounts/email/staff_invitation", values, language=recipient_language(member)
    )
    deliver(subject=subject, body=body, to=[member.email], task=context)
    return "sent"


@background(takes_context=True)
def password_reset(context, *, user_id: int, protocol: str, domain: str, language: str = "") -> str:
    """Django's password-reset email (its templates' context), for an active user
    with a usable password, as Django's form chose them; in `language`, the one of the
    page it was asked for from unless they chose one."""
    user = User.objects.get(pk=user_id)
    if not user.is_active or not user.has_usable_password():
        return "not sent: the account was closed or erased since"
    link = _uid_and_token(user)
    values = {
        "email": user.email, "user": user, "uid": link["uidb64"], "token": link["token"],
        "protocol": protocol, "domain": domain,
    }  # fmt: skip
    subject, body = render_email(
        "accounts/email/password_reset",
        values,
        language=recipient_language(user, default=language),
    )
    deliver(subject=subject, body=body, to=[user.email], task=context)
    return "sent"
