"""Lookup plus permission for attachments (accounts.access.owned_or_404): a customer
reaches the files of their own conversations' public messages and their own uploads
not yet sent; staff who may see tickets reach every file of a conversation. Everyone
else gets the same 404 as for an id that does not exist."""

from django.db.models import Q

from accounts.access import owned_or_404
from attachments.models import Attachment


def sees_conversations(user) -> bool:
    return bool(user.is_active and user.is_staff and user.has_perm("tickets.view_ticket"))


def attachment_for_user(user, attachment_id) -> Attachment:
    mine = Q(uploaded_by_id=user.pk)
    if sees_conversations(user):
        queryset = Attachment.objects.filter(Q(ticket__isnull=False) | mine)
    else:
        shown = Q(message__isnull=False, message__is_internal=False)
        queryset = Attachment.objects.filter(Q(customer_id=user.pk) & (shown | mine))
    return owned_or_404(queryset, user=user, object_id=attachment_id, kind="attachment")
