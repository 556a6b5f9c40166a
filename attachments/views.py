"""Uploads (the customer's from the chat or their request's page, an agent's from the
admin ticket page) and the one way a stored file is read: after the access helper said
yes, never cached, never sniffed, never run as a page."""

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from attachments import services
from attachments.access import attachment_for_user
from attachments.errors import AttachmentError
from tickets.access import ticket_for_customer
from tickets.errors import TicketError
from tickets.models import Ticket
from tickets.roles import may_work


@require_POST
def customer_upload(request):
    """`POST /chat/attachments/` (multipart, field `file`), for the customer's next chat
    message. JSON: the attachment (201), or `{"code", "message"}` (400, 403, 413)."""
    if not request.user.is_authenticated or request.user.is_staff:
        return _refused(
            403, "not_allowed", gettext("Log in as a customer to send files in the chat.")
        )
    upload = request.FILES.get("file")
    if upload is None:
        return _refused(400, "no_file", gettext("Choose a file to send."))
    try:
        attachment = services.attachment_upload(uploader=request.user, upload=upload)
    except AttachmentError as error:
        return _refused(413 if error.code == "too_big" else 400, error.code, error.message)
    return JsonResponse(services.summary(attachment), status=201)


@require_POST
def staff_send(request, ticket_id):
    """`POST /admin/attachments/tickets/<id>/` from the ticket page's "Send files" form
    (multipart: `file`, one or more; `body`, optional; `internal`): the files and the
    reply in one step, then back to the ticket page with what happened."""
    if not may_work(request.user):
        raise PermissionDenied
    ticket = get_object_or_404(Ticket, pk=ticket_id)
    try:
        services.agent_send_files(
            agent=request.user, ticket=ticket, uploads=request.FILES.getlist("file"),
            text=request.POST.get("body", ""), internal=request.POST.get("internal") == "on",
        )  # fmt: skip
    except (AttachmentError, TicketError) as error:
        messages.error(request, getattr(error, "message", None) or str(error))
    else:
        messages.success(request, gettext("Files sent."))
    return redirect("admin:tickets_ticket_change", ticket.pk)


@login_required
@require_POST
def customer_send(request, ticket_id):
    """`POST /tickets/<id>/files/` from the request page's "Send files" form (multipart:
    `file`, one or more; `body`, optional): the files and the reply in one step, then
    back to the page with what happened. Another customer's request is a 404."""
    ticket = ticket_for_customer(request.user, ticket_id)
    try:
        services.customer_send_files(
            customer=request.user, ticket=ticket, uploads=request.FILES.getlist("file"),
            text=request.POST.get("body", ""),
        )  # fmt: skip
    except (AttachmentError, TicketError) as error:
        messages.error(request, getattr(error, "message", None) or str(error))
    else:
        messages.success(request, gettext("Files sent."))
    return redirect("ticket", ticket.pk)


def _refused(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse({"code": code, "message": message}, status=status)


@require_GET
@login_required
def attachment_file(request, attachment_id, thumbnail=False):
    attachment = attachment_for_user(request.user, attachment_id)
    stored = attachment.thumbnail if thumbnail else attachment.file
    if not stored:
        raise Http404("No attachment found.")
    content_type = "image/webp" if thumbnail else attachment.content_type
    # Images are shown in the page; a PDF is always downloaded, never opened by us.
    response = FileResponse(
        stored.open("rb"), content_type=content_type, filename=attachment.name,
        as_attachment=attachment.kind == attachment.Kind.PDF,
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    add_never_cache_headers(response)
    response["Cache-Control"] += ", private"
    return response


staff_send_view = admin.site.admin_view(staff_send)
