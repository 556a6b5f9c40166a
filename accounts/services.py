"""Writes of accounts' tables: staff invited and given roles (the admin calls these), and
what other apps need written (they call these, never the models' managers: each app's
tables are written by that app only)."""

import datetime as dt
import logging

from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from accounts import emails
from accounts.models import User, normalize_email
from accounts.roles import ROLES

logger = logging.getLogger(__name__)


class StaffError(Exception):
    """A refusal, worded for the person who asked."""


def customer_set_vip_until(customer: User, until: dt.datetime | None) -> None:
    """When the customer's VIP tier ends, as vip computes it from their subscriptions
    and grants (None: not VIP)."""
    if until != customer.vip_until:
        User.objects.filter(pk=customer.pk).update(vip_until=until)
        customer.vip_until = until


# --- Staff ----------------------------------------------------------------------------------


def staff_check_invite(*, email: str, roles: list[str]) -> None:
    """Raise StaffError if `email` cannot be invited with `roles`."""
    _check_roles(roles)
    existing = User.objects.filter(email=normalize_email(email)).first()
    if existing is not None and existing.is_staff:
        raise StaffError(
            gettext(
                "%(email)s is staff already: change their roles, or reactivate them, "
                "on their page in Staff members."
            )
            % {"email": existing.email}
        )
    if existing is not None:
        raise StaffError(
            gettext(
                "An account with this email already exists. Customers' accounts never "
                "become staff: invite the person with a work address."
            )
        )


def staff_invite(*, email: str, full_name: str, roles: list[str], invited_by: User) -> User:
    """A staff account with `roles` and no password yet, and an email with a link to
    choose one (`staff_invitation_send`), sent after the commit."""
    staff_check_invite(email=email, roles=roles)
    member = User(email=normalize_email(email), full_name=full_name.strip(), is_staff=True)
    member.set_unusable_password()
    try:
        with transaction.atomic():
            member.save()
            member.groups.set(Group.objects.filter(name__in=roles))
            staff_invitation_send(member=member, invited_by=invited_by)
    except IntegrityError:
        raise StaffError(gettext("An account with this email already exists.")) from None
    return member


def staff_invitation_send(*, member: User, invited_by: User | None = None) -> None:
    """Email `member` a link to choose their password (accounts.emails, sent after
    the commit by a task worker). Sending again gives a new link."""
    if member.has_usable_password():
        raise StaffError(
            gettext("%(email)s has already chosen a password.") % {"email": member.email}
        )
    if not (member.is_staff and member.is_active):
        raise StaffError(
            gettext("%(email)s is not active staff: reactivate them first.")
            % {"email": member.email}
        )
    emails.staff_invitation.enqueue(
        member_id=member.pk, invited_by_id=invited_by.pk if invited_by else None
    )
    logger.info("staff invitation to user %s queued", member.pk)


def staff_check_change(*, member: User, actor: User, roles: list[str], is_active: bool) -> None:
    """Raise StaffError if `actor` may not give `member` these roles and this state.

    Nobody changes their own roles or deactivates themselves (ask another supervisor:
    a slip would lock them out), and only a superuser changes a superuser."""
    _check_roles(roles)
    if member.is_superuser and not actor.is_superuser:
        raise StaffError(gettext("Only a superuser changes a superuser's account."))
    if member.pk == actor.pk:
        if set(roles) != _roles_of(member):
            raise StaffError(gettext("You cannot change your own roles: ask another supervisor."))
        if not is_active:
            raise StaffError(gettext("You cannot deactivate yourself: ask another supervisor."))


def staff_update(
    *, member: User, actor: User, full_name: str, roles: list[str], is_active: bool
) -> User:
    """Set a staff member's name, roles and whether they may log in. Groups other than
    the roles are kept; `is_superuser` and single permissions are never touched."""
    staff_check_change(member=member, actor=actor, roles=roles, is_active=is_active)
    with transaction.atomic():
        member.full_name, member.is_active = full_name.strip(), is_active
        member.save(update_fields=["full_name", "is_active"])
        others = list(member.groups.exclude(name__in=ROLES))
        member.groups.set([*others, *Group.objects.filter(name__in=roles)])
    return member


def _roles_of(member: User) -> set[str]:
    return {group.name for group in member.groups.all() if group.name in ROLES}


def _check_roles(roles: list[str]) -> None:
    if not roles:
        raise StaffError(
            gettext("Give at least one role: %(first)s or %(second)s.")
            % {"first": ROLES[0], "second": ROLES[1]}
        )
    unknown = [role for role in roles if role not in ROLES]
    if unknown:
        raise StaffError(
            gettext("Staff roles are %(first)s and %(second)s, not %(unknown)s.")
            % {"first": ROLES[0], "second": ROLES[1], "unknown": ", ".join(unknown)}
        )
