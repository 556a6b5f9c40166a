"""What accounts removes when a customer's data is erased (privacy.services runs it
last, after every other app's `erasure.erase_customer`, which may still need the
email, e.g. to find what mentions it).

The account row stays, nameless, because what the law makes us keep hangs from it:
purchases, their instalments and refunds (amounts, dates, statuses, the merchant and
what was bought), and other apps' payments and credits. Everything that says who the
person was goes: the email (replaced by one that can never receive mail or match a
real address), the name, the password, the refunds' reasons in their words, the
logins and failed logins (django-axes), every session (logged out everywhere), API
tokens, roles. It can never log in again: inactive, with no usable password and an
email nobody has."""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.sessions.models import Session
from rest_framework.authtoken.models import Token

from accounts.models import Refund, User
from core.erasure import forget_admin_log, forget_texts

ERASED_DOMAIN = "erased.invalid"  # RFC 2606: a name that never resolves


def erased_email(user) -> str:
    return f"erased-{user.pk}@{ERASED_DOMAIN}"


def is_erased(user) -> bool:
    return user.email == erased_email(user)


def erase_customer(user) -> None:
    refunds = Refund.objects.filter(purchase__customer=user)
    forget_texts([user.email, user.full_name, *refunds.values_list("reason", flat=True)])
    refunds.update(reason="")
    forget_admin_log(User, [user.pk])
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()
    _end_sessions(user)
    Token.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email, user.full_name, user.is_active = erased_email(user), "", False
    user.set_unusable_password()
    user.save(update_fields=["email", "full_name", "is_active", "password"])


def _end_sessions(user) -> None:
    """Delete the user's sessions, expired ones too (they still hold the id). A
    session names its user only inside its signed data, so each is read: erasures
    are rare, and sessions go with `clearsessions`."""
    theirs = [
        session.pk
        for session in Session.objects.iterator(chunk_size=500)
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk)
    ]
    Session.objects.filter(pk__in=theirs).delete()
