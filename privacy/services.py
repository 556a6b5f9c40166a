"""Every write of privacy: a customer asks for their data to be erased, a supervisor
approves or declines, or an operator runs `erase_customer`.

The erasure itself is each app's: every installed app may have an `erasure` module
with `erase_customer(user)` (remove or replace what that app holds about the person,
in the caller's transaction), found through the app registry as the exports and roles
are, so no app imports privacy and privacy names no app. accounts' runs last: the
others may still need the email to find what mentions it. All of it is one
transaction: an erasure happens whole or not at all."""

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.erasure import is_erased
from accounts.models import User
from core.app_modules import app_modules
from core.erasure import compact_database_files
from core.mail import email_template_send_later
from privacy.models import ErasureRequest

Status = ErasureRequest.Status
APPROVE_PERMISSION = "privacy.approve_erasurerequest"

audit = logging.getLogger("supportsite.audit")


class ErasureError(Exception):
    """A refusal, worded for the person who asked."""


def erasure_modules(function: str) -> list:
    """The `erasure` modules of the installed apps that define `function`, in the
    order the apps are installed, accounts' last."""
    found = [module for _, module in app_modules("erasure") if hasattr(module, function)]
    return sorted(found, key=lambda module: module.__name__ == "accounts.erasure")


def erasure_request(*, customer: User, now=None) -> ErasureRequest:
    """The customer asks for their data to be erased. Asking again while a request
    waits returns that request."""
    _check_erasable(customer)
    pending = ErasureRequest.objects.filter(customer=customer, status=Status.PENDING).first()
    if pending is not None:
        return pending
    try:
        with transaction.atomic():
            request = ErasureRequest.objects.create(
                customer=customer,
                via=ErasureRequest.Via.ACCOUNT,
                requested_at=now or timezone.now(),
            )
    except IntegrityError:  # asked twice at once: the other request won
        return ErasureRequest.objects.get(customer=customer, status=Status.PENDING)
    audit.info("erasure_requested customer=%s request=%s", customer.pk, request.pk)
    return request


def erasure_decline(*, request: ErasureRequest, by: User, reason: str, now=None) -> ErasureRequest:
    """A supervisor declines, saying why (the customer reads it); nothing is erased.
    The customer may ask again later."""
    _check_may_decide(by)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ErasureError(
            gettext("Say why the request is declined: the customer is shown the reason.")
        )
    with transaction.atomic():
        locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != Status.PENDING:
            raise ErasureError(
                gettext("%(request)s is %(status)s already.")
                % {"request": locked, "status": locked.get_status_display().lower()}
            )
        locked.status, locked.decline_reason = Status.DECLINED, reason[:500]
        locked.decided_by, locked.decided_at = by, now or timezone.now()
        locked.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
        _tell_declined(locked)
    audit.info("erasure_declined request=%s by=%s", locked.pk, by.pk)
    return locked


def erasure_approve(*, request: ErasureRequest, by: User, now=None) -> ErasureRequest:
    """A supervisor approves: the customer's data is erased now. Approving a request
    already carried out changes nothing."""
    _check_may_decide(by)
    with transaction.atomic():
        locked = ErasureRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status == Status.DONE:
            return locked
        if locked.status == Status.DECLINED:
            raise ErasureError(
                gettext("%(request)s was declined; the customer may ask again.")
                % {"request": locked}
            )
        _carry_out(locked, by=by, now=now or timezone.now())
    return locked


def customer_erase(*, customer: User, by: User | None = None, now=None) -> ErasureRequest:
    """Erase the customer now, whether or not they asked on their account page (the
    `erase_customer` command: a request by letter or phone, or a supervisor's
    decision). Run again for an erased customer, it returns the same record."""
    done = ErasureRequest.objects.filter(customer=customer, status=Status.DONE).first()
    if done is not None and is_erased(customer):
        return done
    _check_erasable(customer)
    with transaction.atomic():
        request = (
            ErasureRequest.objects.select_for_update()
            .filter(customer=customer, status=Status.PENDING)
            .first()
        ) or ErasureRequest.objects.create(customer=customer, via=ErasureRequest.Via.COMMAND)
        _carry_out(request, by=by, now=now or timezone.now())
    return request


def _carry_out(request: ErasureRequest, *, by: User | None, now) -> None:
    """Call every app's eraser on the customer, under their account's row lock, and
    record who did it. Call inside a transaction."""
    customer = User.objects.select_for_update().get(pk=request.customer_id)
    _check_erasable(customer)
    for module in erasure_modules("erase_customer"):
        module.erase_customer(customer)
    # Earlier refusals stay counted, without their words (staff may have named them).
    earlier = ErasureRequest.objects.filter(customer=customer).exclude(pk=request.pk)
    earlier.update(decline_reason="")
    request.status, request.decided_by, request.decided_at = Status.DONE, by, now
    request.save(update_fields=["status", "decided_by", "decided_at"])
    by_id = by.pk if by is not None else "command"
    transaction.on_commit(lambda: audit.info("customer_erased request=%s by=%s", request.pk, by_id))
    transaction.on_commit(compact_database_files)


def _tell_declined(request: ErasureRequest) -> None:
    """The customer may not look at their account page again: email them why."""
    email_template_send_later(
        template="privacy/email/declined",
        values={"reason": request.decline_reason, "page": settings.SITE_URL + reverse("erasure")},
        to=[request.customer],
    )


def _check_erasable(customer: User) -> None:
    if customer.is_staff or customer.is_superuser:
        raise ErasureError(
            gettext(
                "Staff accounts are not erased this way: deactivate the account in Staff "
                "members; their work on tickets stays under their name."
            )
        )
    if is_erased(customer):
        raise ErasureError(gettext("This account's data is erased already."))


def _check_may_decide(by: User) -> None:
    if not by.has_perm(APPROVE_PERMISSION):
        raise ErasureError(gettext("Only a supervisor may approve or decline an erasure."))
