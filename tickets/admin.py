"""The agents' workspace and the desk's settings, in the Django admin.

Nobody edits a ticket's fields here. The queue's actions and the ticket page's
buttons call `tickets.services`, like every other writer, and show a refusal's
message as it is. Working tickets (claim, reply, solve...) takes the
`tickets.change_ticket` permission; the ticket's form itself is always read-only.
"""

import re

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import User
from tickets import admin_display as show
from tickets import admin_staff, rules, services, sla, staff
from tickets.admin_calendar import BusinessCalendarAdmin
from tickets.admin_forms import (
    RULE_ACTIONS,
    RULE_CONDITIONS,
    AgentStatusForm,
    CannedResponseForm,
    EscalationRuleForm,
)
from tickets.admin_history import SettingHistoryAdmin
from tickets.errors import InvalidValue, TicketError
from tickets.models import (
    AgentStatus,
    BusinessCalendar,
    CannedResponse,
    CSATRating,
    EscalationRule,
    Message,
    Queue,
    SLABreach,
    SLAPolicy,
    Tag,
    Ticket,
    TicketEvent,
)

Status = Ticket.Status


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the services write: staff look, nobody edits."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


EMAIL_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


class SearchByTicketNumber:
    """A search of digits ("123" or "#123") finds that ticket by its id, and an email
    address that customer's tickets, both through an index; anything else searches
    the admin's text fields."""

    ticket_id_lookup = "ticket_id"
    customer_email_lookup = "ticket__customer__email"

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        number = term.removeprefix("#")
        if number.isascii() and number.isdigit() and len(number) < 19:
            return queryset.filter(**{self.ticket_id_lookup: int(number)}), False
        if EMAIL_ADDRESS.fullmatch(term):
            # Emails are stored lower-case (accounts.models.normalize_email). Part of an
            # address ("bob@exa") falls through to the slower text search below.
            return queryset.filter(**{self.customer_email_lookup: term.lower()}), False
        return super().get_search_results(request, queryset, search_term)


# --- The queue ---------------------------------------------------------------------------


# action: (what the button does, what the agent is told)
TICKET_BUTTONS = {
    "claim": (
        lambda ticket, user: services.ticket_claim(ticket=ticket, agent=user),
        _("You claimed ticket #%(pk)s."),
    ),
    "solve": (
        lambda ticket, user: services.ticket_solve(ticket=ticket, actor=user),
        _("Ticket #%(pk)s is solved."),
    ),
    # The one-click mark: solved, and a person was not needed (a needless hand-off).
    "solve_assistant_could_have": (
        lambda ticket, user: services.ticket_solve(
            ticket=ticket, actor=user, assistant_could_have_handled=True
        ),
        _("Ticket #%(pk)s is solved, marked: the assistant could have handled it."),
    ),
    "pending": (
        lambda ticket, user: services.ticket_set_status(
            ticket=ticket, status=Status.PENDING, actor=user
        ),
        _("Ticket #%(pk)s is waiting on the customer."),
    ),
    "hand_back": (
        lambda ticket, user: services.ticket_hand_back(ticket=ticket, actor=user),
        _("Ticket #%(pk)s is back with the assistant."),
    ),
    "reopen": (
        lambda ticket, user: services.ticket_set_status(
            ticket=ticket, status=Status.OPEN, actor=user
        ),
        _("Ticket #%(pk)s is open again."),
    ),
    "take_over": (
        lambda ticket, user: staff.ticket_take_over(ticket=ticket, actor=user),
        _("You took ticket #%(pk)s over: you can reply now."),
    ),
}


@admin.register(Ticket)
class TicketAdmin(SearchByTicketNumber, admin.ModelAdmin):
    ticket_id_lookup = "pk"
    customer_email_lookup = "customer__email"
    # The clock first: on a narrow screen the last columns scroll out of sight.
    list_display = [
        "id",
        "subject",
        "sla",
        "breach",
        "status",
        "owner",
        "priority",
        "queue",
        "tier",
        "customer_email",
        "last_message_at",
    ]
    list_display_links = ["id", "subject"]
    list_filter = [
        show.TicketStatusFilter,
        "handled_by",
        show.MineFilter,
        "queue",
        "tier",
        "priority",
        show.BreachedFilter,
        "tags",
    ]
    search_fields = ["subject", "customer__email"]
    search_help_text = _("A ticket number, or words of the subject or the customer's email.")
    list_select_related = ["customer", "assignee", "queue"]
    # Most urgent first; tickets without a running SLA after all the others.
    ordering = [F("sla_due_at").asc(nulls_last=True), "id"]
    list_per_page = 50
    show_full_result_count = False  # a second COUNT(*) over every ticket buys nothing
    actions = ["claim_selected", "solve_selected", "hand_back_selected", "bulk_change"]
    action_form = admin_staff.BulkForm
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "customer",
                    "subject",
                    ("status", "owner"),
                    ("priority", "queue", "tier"),
                    ("intent", "sentiment"),
                    ("handoff_code", "handoff_reason"),
                    "ended_by",
                    "tags",
                ]
            },
        ),
        (_("SLA"), {"fields": ["sla_policy", "sla_targets", "breach"]}),
        (
            _("Times"),
            {
                "classes": ["collapse"],
                "fields": [
                    ("created_at", "handed_off_at", "first_responded_at"),
                    ("last_message_at", "solved_at", "closed_at"),
                ],
            },
        ),
    ]
    readonly_fields = flatten_fieldsets(fieldsets)

    class Media:
        css = {"all": ["admin_workspace/workspace.css"]}
        js = ["admin_workspace/workspace.js", "admin_workspace/live.js"]

    # Changes go through the services, never through this form.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_work_permission(self, request, obj=None):
        return request.user.has_perm("tickets.change_ticket")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("customer", "assignee", "queue", "sla_policy")
        )

    @admin.display(description=_("customer"), ordering="customer__email")
    def customer_email(self, ticket):
        return ticket.customer.email

    @admin.display(description=_("owner"), ordering="handled_by")
    def owner(self, ticket):
        return show.owner(ticket)

    # The plain name marks this column as the queue's sort in the header.
    @admin.display(description=_("SLA"), ordering="sla_due_at")
    def sla(self, ticket):
        return show.ticket_countdown(ticket, timezone.now())

    @admin.display(description=_("breach"), ordering="sla_breached_at")
    def breach(self, ticket):
        return show.breach_badge(ticket)

    @admin.display(description=_("running targets"))
    def sla_targets(self, ticket):
        now = timezone.now()
        lines = [
            f"{show.target_label(target)}: {show.when(due)} ({show.countdown(due, now)})"
            for target, due in sla.running_targets(ticket).items()
        ]
        return "; ".join(lines) or show.NOTHING

    # Bulk actions, one service call per ticket.

    @admin.action(description=_("Claim selected tickets"), permissions=["work"])
    def claim_selected(self, request, queryset):
        self._each(request, queryset, TICKET_BUTTONS["claim"][0], _("Claimed %(tickets)s."))

    @admin.action(description=_("Mark solved"), permissions=["work"])
    def solve_selected(self, request, queryset):
        self._each(request, queryset, TICKET_BUTTONS["solve"][0], _("Solved %(tickets)s."))

    @admin.action(description=_("Hand back to the assistant"), permissions=["work"])
    def hand_back_selected(self, request, queryset):
        self._each(request, queryset, TICKET_BUTTONS["hand_back"][0], _("Handed back %(tickets)s."))

    @admin.action(
        description=_("Apply the chosen person or queue, priority and tags"), permissions=["work"]
    )
    def bulk_change(self, request, queryset):
        form = admin_staff.BulkForm(request.POST)
        form.fields["action"].choices = self.get_action_choices(request)
        if not form.is_valid():
            self.message_user(
                request, gettext("Choose a person or queue, a priority or tags."), messages.ERROR
            )
            return
        try:
            result = staff.tickets_bulk_change(
                tickets=list(queryset.values_list("pk", flat=True)[: staff.BULK_LIMIT + 1]),
                actor=request.user, **form.changes(),
            )  # fmt: skip
        except TicketError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        if result.done:
            done = ", ".join(f"#{pk}" for pk in result.done)
            self.message_user(
                request, gettext("Changed %(tickets)s.") % {"tickets": done}, messages.SUCCESS
            )
        if result.refused:
            refusals = " ".join(f"#{pk}: {why}" for pk, why in result.refused.items())
            self.message_user(request, refusals, messages.ERROR)

    def _each(self, request, queryset, service, done):
        """`done`: what was done, with %(tickets)s for the tickets it was done to."""
        succeeded, refusals = [], []
        for ticket in queryset:
            try:
                service(ticket, request.user)
            except TicketError as error:
                refusals.append(f"#{ticket.pk}: {error}")
            else:
                succeeded.append(f"#{ticket.pk}")
        if succeeded:
            tickets = ", ".join(succeeded)
            self.message_user(request, done % {"tickets": tickets}, messages.SUCCESS)
        if refusals:
            self.message_user(request, " ".join(refusals), messages.ERROR)

    # The ticket page: the form shows the facts; the workspace around it is ours.

    def get_urls(self):
        work = self.admin_site.admin_view(require_POST(self.work_view))
        availability = self.admin_site.admin_view(require_POST(self.availability_view))
        open_for_customer = self.admin_site.admin_view(self.open_for_customer_view)
        return [
            path("availability/", availability, name="tickets_ticket_availability"),
            path("open/", open_for_customer, name="tickets_ticket_open"),
            path("<path:object_id>/work/", work, name="tickets_ticket_work"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        status = AgentStatus.objects.filter(agent=request.user).first()
        availability = {
            "agent_available": bool(status and status.is_available),
            "has_work_permission": self.has_work_permission(request),
        }
        return super().changelist_view(request, {**availability, **(extra_context or {})})

    def availability_view(self, request):
        """An agent switches themselves available (auto-assignment may give them
        tickets) or away, from the top of the queue."""
        if not self.has_work_permission(request):
            raise PermissionDenied
        available = request.POST.get("available") == "1"
        services.agent_set_availability(agent=request.user, available=available)
        if available:
            state = gettext(
                "You are now available: queues that assign automatically may give you tickets."
            )
        else:
            state = gettext("You are now away: no ticket will be assigned to you.")
        self.message_user(request, state)
        return redirect("admin:tickets_ticket_changelist")

    def work_view(self, request, object_id):
        """One POST endpoint for the ticket page's buttons and reply box."""
        if not self.has_work_permission(request):
            raise PermissionDenied
        ticket = self.get_object(request, unquote(object_id))
        if ticket is None:
            raise Http404(gettext("No such ticket."))
        action = request.POST.get("action", "")
        known = {"reply", *TICKET_BUTTONS, *admin_staff.TICKET_FORMS}
        if action not in known:
            return HttpResponseBadRequest(gettext("Unknown action."))
        try:
            if action == "reply":
                done = self._reply(request, ticket)
            elif action in admin_staff.TICKET_FORMS:
                done = self._manage(request, ticket, action)
            else:
                service, told = TICKET_BUTTONS[action]
                service(ticket, request.user)
                done = told % {"pk": ticket.pk}
        except TicketError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            if done:
                self.message_user(request, done, messages.SUCCESS)
        return redirect("admin:tickets_ticket_change", ticket.pk)

    def _manage(self, request, ticket, action: str) -> str | None:
        form = admin_staff.bound(action, request.POST, request.user)
        if not form.is_valid():
            problems = " ".join(error for errors in form.errors.values() for error in errors)
            self.message_user(request, problems, messages.ERROR)
            return None
        return form.apply(ticket, request.user)

    def open_for_customer_view(self, request):
        """A ticket opened on a customer's behalf (they phoned): theirs, and the agent's."""
        if not self.has_work_permission(request):
            raise PermissionDenied
        form = admin_staff.OpenForCustomerForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            customer = User.objects.filter(email=data["customer"].lower(), is_staff=False).first()
            try:
                if customer is None:
                    raise InvalidValue(gettext("No customer has that email address."))
                ticket = staff.ticket_open_for_customer(customer=customer, actor=request.user, **{
                    key: data[key] for key in ("subject", "body", "internal", "priority", "queue")
                })  # fmt: skip
            except TicketError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(
                    request, gettext("Ticket #%(pk)s is open, and yours.") % {"pk": ticket.pk}
                )
                return redirect("admin:tickets_ticket_change", ticket.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Open a ticket for a customer"),
            "form": form,
        }
        return TemplateResponse(request, "admin/tickets/ticket/open_for_customer.html", context)

    def _reply(self, request, ticket) -> str | None:
        form = show.ReplyForm(request.POST)
        if not form.is_valid():
            problems = " ".join(error for errors in form.errors.values() for error in errors)
            self.message_user(request, problems, messages.ERROR)
            return None
        internal = form.cleaned_data["internal"]
        services.agent_reply(
            ticket=ticket, agent=request.user, body=form.cleaned_data["body"], internal=internal
        )
        return gettext("Internal note added.") if internal else gettext("Reply sent.")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(show.workspace(obj, request=request))
            context["can_work"] = self.has_work_permission(request)
        return super().render_change_form(request, context, add, change, form_url, obj)


# --- Records the services write ------------------------------------------------------------


@admin.register(Message)
class MessageAdmin(SearchByTicketNumber, ReadOnlyAdmin):
    list_display = ["ticket", "seq", "author_kind", "author", "is_internal", "text", "created_at"]
    list_filter = ["author_kind", "is_internal"]
    search_fields = ["body"]
    list_select_related = ["ticket", "author"]
    ordering = ["-id"]  # newest first, through the primary key index
    show_full_result_count = False

    @admin.display(description=_("body"))
    def text(self, message):
        return show.excerpt(message.body)


@admin.register(TicketEvent)
class TicketEventAdmin(SearchByTicketNumber, ReadOnlyAdmin):
    list_display = ["ticket", "kind", "actor", "summary", "created_at"]
    list_filter = ["kind"]
    search_fields = ["ticket__subject"]
    list_select_related = ["ticket", "actor"]
    ordering = ["-id"]  # newest first, through the primary key index
    show_full_result_count = False

    @admin.display(description=_("details"))
    def summary(self, event):
        return show.event_summary(event, users={}, queues={})


@admin.register(SLABreach)
class SLABreachAdmin(SearchByTicketNumber, ReadOnlyAdmin):
    list_display = ["ticket", "target", "due_at", "detected_at"]
    list_filter = ["target"]
    search_fields = ["ticket__subject"]
    list_select_related = ["ticket"]


@admin.register(CSATRating)
class CSATRatingAdmin(SearchByTicketNumber, ReadOnlyAdmin):
    list_display = ["ticket", "score", "remark", "created_at"]
    list_filter = ["score"]
    search_fields = ["ticket__customer__email", "comment"]
    list_select_related = ["ticket"]

    @admin.display(description=_("comment"))
    def remark(self, rating):
        return show.excerpt(rating.comment)


# --- The desk's settings ---------------------------------------------------------------------
# Each with its History: who changed what, when, before and after (tickets.admin_history).


@admin.register(Queue)
class QueueAdmin(SettingHistoryAdmin):
    list_display = [
        "name",
        "description",
        "is_default",
        "auto_assign",
        "capacity_per_agent",
        "member_count",
    ]
    list_filter = ["is_default", "auto_assign"]
    search_fields = ["name"]
    autocomplete_fields = ["members"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, queue):
        return queue.member_count


@admin.register(AgentStatus)
class AgentStatusAdmin(admin.ModelAdmin):
    form = AgentStatusForm
    list_display = ["agent", "is_available", "changed_at"]
    list_filter = ["is_available"]
    search_fields = ["agent__email", "agent__full_name"]
    list_select_related = ["agent"]
    autocomplete_fields = ["agent"]

    def get_readonly_fields(self, request, obj=None):
        return ["agent", "changed_at"] if obj else ["changed_at"]

    def has_change_permission(self, request, obj=None):
        # Agents switch only themselves; supervisors (who may add rows) anyone.
        if obj is not None and obj.agent_id != request.user.pk:
            return request.user.has_perm("tickets.add_agentstatus")
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Through the service, which stamps changed_at like an agent's own switch does.
        status = services.agent_set_availability(agent=obj.agent, available=obj.is_available)
        obj.pk, obj.changed_at = status.pk, status.changed_at


admin.site.register(BusinessCalendar, BusinessCalendarAdmin)


@admin.register(SLAPolicy)
class SLAPolicyAdmin(SettingHistoryAdmin):
    list_display = [
        "position",
        "name",
        "is_active",
        "tier",
        "min_priority",
        "first_response_minutes",
        "next_response_minutes",
        "resolution_minutes",
        "calendar",
    ]
    list_display_links = ["name"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "tier"]
    search_fields = ["name"]
    list_select_related = ["calendar"]
    autocomplete_fields = ["calendar"]
    ordering = ["position", "id"]


# How rules work, as EscalationRule's docstring says it, above the list of rules.
RULES_SEMANTICS = gettext_noop(
    "An ordered rule: when every condition that is set holds, its actions apply.\n\n"
    "Rules are checked by position; every matching rule applies its actions, later ones "
    "overriding earlier ones for priority and queue, until a matching rule with stop_here "
    "ends the evaluation. Empty conditions are ignored; a rule with no condition at all "
    "matches every message."
)


def rules_semantics() -> str:
    text = gettext(RULES_SEMANTICS)
    if rules.ALWAYS_HAND_OFF_ON_EXPLICIT_REQUEST:
        text += "\n\n" + gettext(
            "A customer who asks for a person is always handed off, whatever the rules say."
        )
    return text


@admin.register(EscalationRule)
class EscalationRuleAdmin(SettingHistoryAdmin):
    form = EscalationRuleForm
    list_display = ["position", "name", "is_active", "conditions", "outcome"]
    list_display_links = ["name"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", "hand_off", "offer_human", "tier"]
    search_fields = ["name", "pattern", "add_tag"]
    list_select_related = ["route_to"]
    autocomplete_fields = ["route_to"]
    ordering = ["position", "id"]
    fieldsets = [
        (None, {"fields": ["name", "position", "is_active"]}),
        (_("Conditions: all that are set must hold"), {"fields": RULE_CONDITIONS}),
        (_("Actions"), {"fields": [*RULE_ACTIONS, "first_step", "stop_here"]}),
    ]

    @admin.display(description=_("when"))
    def conditions(self, rule):
        return show.rule_conditions(rule)

    @admin.display(description=_("then"))
    def outcome(self, rule):
        return show.rule_actions(rule)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"rules_semantics": rules_semantics(), **(extra_context or {})}
        return super().changelist_view(request, extra_context)


@admin.register(CannedResponse)
class CannedResponseAdmin(SettingHistoryAdmin):
    form = CannedResponseForm  # refuses a placeholder tickets.canned does not fill in
    list_display = ["title", "queue", "text"]
    list_filter = ["queue"]
    search_fields = ["title", "body"]
    list_select_related = ["queue"]
    autocomplete_fields = ["queue"]

    @admin.display(description=_("body"))
    def text(self, response):
        return show.excerpt(response.body)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
