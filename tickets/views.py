"""The customer's side of tickets: "My requests", writing to a person, replying,
reopening and rating. Every lookup goes through `ticket_for_customer`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tickets import services
from tickets.access import ticket_for_customer
from tickets.errors import TicketError
from tickets.forms import NewRequestForm, RatingForm, ReplyForm
from tickets.models import Message, Ticket


@login_required
def ticket_list(request):
    tickets = Ticket.objects.filter(customer=request.user).select_related("assignee")
    return render(request, "tickets/ticket_list.html", {"tickets": tickets[:100]})


@login_required
@require_http_methods(["GET", "POST"])
def ticket_new(request):
    """Write straight to a person: the request skips the assistant."""
    form = NewRequestForm(request.POST or None)
    if form.is_valid():
        ticket = services.ticket_request_person(
            customer=request.user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        messages.success(request, _("Thanks, your request reached our team."))
        return redirect("ticket", ticket.pk)
    return render(request, "tickets/ticket_new.html", {"form": form})


@login_required
def ticket_detail(request, ticket_id, reply_form=None):
    ticket = ticket_for_customer(request.user, ticket_id)
    services.ticket_seen_by_customer(ticket=ticket)
    transcript = ticket.messages.filter(is_internal=False).select_related("author")
    context = {
        "ticket": ticket,
        "transcript": transcript,
        "reply_form": reply_form or ReplyForm(),
        "rating_form": RatingForm(),
        "rating": getattr(ticket, "rating", None),
        "can_reply": ticket.status != Ticket.Status.CLOSED,
        "can_rate": ticket.status in (Ticket.Status.SOLVED, Ticket.Status.CLOSED),
        "reopen_days": services.REOPEN_WITHIN_DAYS,
    }
    return render(request, "tickets/ticket_detail.html", context)


def _run(request, action, success: str):
    try:
        action()
    except TicketError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)


@login_required
@require_POST
def ticket_reply(request, ticket_id):
    ticket = ticket_for_customer(request.user, ticket_id)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return ticket_detail(request, ticket_id, reply_form=form)
    _run(
        request,
        lambda: services.message_post(
            ticket=ticket,
            author_kind=Message.Author.CUSTOMER,
            author=request.user,
            body=form.cleaned_data["body"],
        ),
        _("Your reply is sent."),
    )
    return redirect("ticket", ticket.pk)


@login_required
@require_POST
def ticket_reopen(request, ticket_id):
    ticket = ticket_for_customer(request.user, ticket_id)
    _run(
        request,
        lambda: services.ticket_reopen(ticket=ticket, customer=request.user),
        _("Your request is open again."),
    )
    return redirect("ticket", ticket.pk)


@login_required
@require_POST
def ticket_rate(request, ticket_id):
    ticket = ticket_for_customer(request.user, ticket_id)
    form = RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a rating from 1 to 5."))
        return redirect("ticket", ticket.pk)
    _run(
        request,
        lambda: services.csat_record(
            ticket=ticket,
            customer=request.user,
            score=form.cleaned_data["score"],
            comment=form.cleaned_data["comment"],
        ),
        "Thank you for your rating.",
    )
    return redirect("ticket", ticket.pk)
