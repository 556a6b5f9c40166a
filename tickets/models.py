"""A conversation is a ticket from its first message.

Writes go through `tickets.services`; nothing else calls `.save()` on these models.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords
from tickets.business_hours import WEEKDAY_NAMES, supported_countries
from tickets.patterns import PatternError, compile_pattern


def validate_country(code: str) -> None:
    if code and code not in supported_countries():
        raise ValidationError(
            gettext(
                "“%(code)s” is not a country the holidays package knows; use a two-letter ISO "
                "code such as SE (Sweden) or DE (Germany), or leave it blank."
            )
            % {"code": code}
        )


def subdivision_error(country: str, code: str, known) -> str:
    if not known:
        return gettext(
            "%(country)s has no subdivisions with holidays of their own; leave it blank."
        ) % {"country": country}
    return gettext("“%(code)s” is not a subdivision of %(country)s; use one of %(known)s.") % {
        "code": code,
        "country": country,
        "known": ", ".join(known),
    }


class Tier(models.TextChoices):
    STANDARD = "standard", _("Standard")
    VIP = "vip", _("VIP")


class Priority(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")
    URGENT = 4, _("Urgent")


class HandOffCode(models.TextChoices):
    """Why a conversation went to a person: one list for the timeline, the reports and
    the metrics. The words of a particular hand-off (which rule, which topic) are kept
    beside it, in Ticket.handoff_reason."""

    ASKED = "asked", _("The customer asked for a person")
    RISKY_TOPIC = "risky_topic", _("A topic a person must handle")
    ACT_ON_ACCOUNT = "act_on_account", _("The customer asked us to act on the account")
    DISTRESS = "distress", _("The customer is distressed")
    STAFF_RULE = "staff_rule", _("A staff rule")
    ASSISTANT_FAILED = "assistant_failed", _("The assistant failed")
    OTHER = "other", _("Other")


class Ending(models.TextChoices):
    """Who or what ended (solved) a conversation."""

    CUSTOMER = "customer", _("The customer said it was solved")
    IDLE = "idle", _("The customer did not come back")
    AGENT = "agent", _("An agent solved it")


class Tag(models.Model):
    name = models.SlugField(verbose_name=_("name"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Queue(models.Model):
    """Where tickets wait for a person. Its members are the agents with its skill."""

    name = models.CharField(verbose_name=_("name"), max_length=80, unique=True)
    description = models.CharField(verbose_name=_("description"), max_length=200, blank=True)
    topics = models.JSONField(
        verbose_name=_("topics"),
        default=list,
        blank=True,
        help_text=_('Intents this queue handles, e.g. ["fraud", "lost_card"].'),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        blank=True,
        related_name="support_queues",
        limit_choices_to={"is_staff": True},
    )
    capacity_per_agent = models.PositiveSmallIntegerField(
        verbose_name=_("capacity per agent"),
        default=5,
        help_text=_("Open tickets one agent of this queue may hold at once."),
    )
    is_default = models.BooleanField(
        verbose_name=_("is default"),
        default=False,
        help_text=_("Hand-offs that no rule routes elsewhere land here."),
    )
    auto_assign = models.BooleanField(
        verbose_name=_("auto assign"),
        default=False,
        help_text=_(
            "Give each new ticket to the least-loaded available member; "
            "otherwise agents claim from the queue."
        ),
    )
    # Who changed it, when, from what (the admin's History): members too, as they
    # decide who is given this queue's tickets.
    history = HistoricalRecords(m2m_fields=[members])

    class Meta:
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgentStatus(models.Model):
    """Whether an agent takes new tickets now. Agents switch it themselves."""

    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("agent"),
        on_delete=models.CASCADE,
        related_name="agent_status",
    )
    is_available = models.BooleanField(verbose_name=_("is available"), default=False)
    changed_at = models.DateTimeField(verbose_name=_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("agent status")
        verbose_name_plural = _("agent statuses")

    def __str__(self):
        state = gettext("available") if self.is_available else gettext("away")
        return f"{self.agent} ({state})"


class BusinessCalendar(models.Model):
    """Working hours that SLA clocks run in: opening hours per weekday (OpeningHours),
    less the public holidays of a country and region (computed by the `holidays`
    package for each year as it comes, never stored) and the company's own closing
    days. Policies without one run 24/7."""

    name = models.CharField(verbose_name=_("name"), max_length=80, unique=True)
    time_zone = models.CharField(verbose_name=_("time zone"), max_length=64, default="UTC")
    country = models.CharField(
        verbose_name=_("country"),
        max_length=2,
        blank=True,
        validators=[validate_country],
        help_text=_(
            "Whose public holidays close the desk: a two-letter ISO code such as SE "
            "or DE. Blank: none, only the extra holidays below."
        ),
    )
    subdivision = models.CharField(
        verbose_name=_("subdivision"),
        max_length=20,
        blank=True,
        help_text=_(
            "The region or state whose holidays count too, as the country codes it "
            "(BY for Bavaria in DE). Blank: the national holidays only."
        ),
    )
    extra_holidays = models.JSONField(
        verbose_name=_("extra holidays"),
        default=list,
        blank=True,
        help_text=_('Other days the company closes, as ISO dates, e.g. ["2026-12-24"].'),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.subdivision and not self.country:
            raise ValidationError({"subdivision": gettext("A subdivision needs its country.")})
        if self.subdivision and self.country in supported_countries():
            known = supported_countries()[self.country]
            if self.subdivision not in known:
                message = subdivision_error(self.country, self.subdivision, known)
                raise ValidationError({"subdivision": message})


class OpeningHours(models.Model):
    """One span of a calendar's weekday, wall-clock in its time zone. A closed day has
    no row; a day with a break has two."""

    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("calendar"),
        on_delete=models.CASCADE,
        related_name="opening_hours",
    )
    weekday = models.PositiveSmallIntegerField(
        verbose_name=_("weekday"), choices=list(enumerate(WEEKDAY_NAMES))
    )
    opens = models.TimeField(verbose_name=_("opens"))
    closes = models.TimeField(verbose_name=_("closes"))
    # Shown as part of the calendar's own History (tickets.admin.BusinessCalendarAdmin).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes__gt=models.F("opens")), name="opening_hours_close_after_open"
            )
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    def clean(self):
        super().clean()
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": gettext("Closes must be later than opens.")})


class SLAPolicy(models.Model):
    """Targets for a ticket; the first active policy (by position) that matches the
    ticket's tier and priority applies at hand-off."""

    name = models.CharField(verbose_name=_("name"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(
        verbose_name=_("position"), default=100, help_text=_("Lower is checked first.")
    )
    is_active = models.BooleanField(verbose_name=_("is active"), default=True)
    tier = models.CharField(
        verbose_name=_("tier"),
        max_length=10,
        choices=Tier.choices,
        blank=True,
        help_text=_("Blank: any."),
    )
    min_priority = models.PositiveSmallIntegerField(
        verbose_name=_("min priority"),
        choices=Priority.choices,
        null=True,
        blank=True,
        help_text=_("Blank: any priority."),
    )
    first_response_minutes = models.PositiveIntegerField(verbose_name=_("first response minutes"))
    next_response_minutes = models.PositiveIntegerField(verbose_name=_("next response minutes"))
    resolution_minutes = models.PositiveIntegerField(verbose_name=_("resolution minutes"))
    calendar = models.ForeignKey(
        BusinessCalendar,
        verbose_name=_("calendar"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Blank: 24/7."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class TicketQuerySet(models.QuerySet):
    def update(self, **fields):
        """Every update bumps the rows' version (Ticket.version), unless it sets it."""
        fields.setdefault("version", models.F("version") + 1)
        return super().update(**fields)


class Ticket(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PENDING = "pending", _("Waiting on customer")
        SOLVED = "solved", _("Solved")
        CLOSED = "closed", _("Closed")

    class HandledBy(models.TextChoices):
        AI = "ai", _("Assistant")
        QUEUE = "queue", _("Waiting for a person")
        AGENT = "agent", _("Agent")

    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        on_delete=models.CASCADE,
        related_name="tickets",
    )
    subject = models.CharField(verbose_name=_("subject"), max_length=200)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    handled_by = models.CharField(
        verbose_name=_("handled by"), max_length=10, choices=HandledBy.choices, default=HandledBy.AI
    )
    priority = models.PositiveSmallIntegerField(
        verbose_name=_("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    queue = models.ForeignKey(
        Queue,
        verbose_name=_("queue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    tier = models.CharField(
        verbose_name=_("tier"),
        max_length=10,
        choices=Tier.choices,
        default=Tier.STANDARD,
        help_text=_("At creation."),
    )
    intent = models.CharField(verbose_name=_("intent"), max_length=80, blank=True)
    sentiment = models.FloatField(
        verbose_name=_("sentiment"),
        null=True,
        blank=True,
        help_text=_("-1 (very negative) to 1 (very positive)."),
    )
    handoff_reason = models.CharField(verbose_name=_("handoff reason"), max_length=200, blank=True)
    handoff_code = models.CharField(
        verbose_name=_("handoff code"), max_length=20, choices=HandOffCode.choices, blank=True
    )
    ended_by = models.CharField(
        verbose_name=_("ended by"),
        max_length=10,
        choices=Ending.choices,
        blank=True,
        help_text=_("Of the last solve."),
    )
    # The solving agent's one-click verdict on the hand-off: a person was not needed.
    # The reports count these as needless hand-offs.
    assistant_could_have_handled = models.BooleanField(
        verbose_name=_("assistant could have handled"),
        default=False,
        help_text=_(
            "The agent who solved it marked that the assistant could have handled "
            "this (of the last solve)."
        ),
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="tickets")
    # Set when staff merged this ticket into another of the same customer: it is then
    # closed, and its transcript shows (read-only) on the other's page.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_tickets",
    )
    ai_turns = models.PositiveIntegerField(verbose_name=_("AI turns"), default=0)

    sla_policy = models.ForeignKey(
        SLAPolicy, verbose_name=_("SLA policy"), null=True, blank=True, on_delete=models.SET_NULL
    )
    first_response_due_at = models.DateTimeField(
        verbose_name=_("first response due at"), null=True, blank=True
    )
    next_response_due_at = models.DateTimeField(
        verbose_name=_("next response due at"), null=True, blank=True
    )
    resolution_due_at = models.DateTimeField(
        verbose_name=_("resolution due at"), null=True, blank=True
    )
    # The earliest of the due times still running, breached or not: the queue's order.
    sla_due_at = models.DateTimeField(verbose_name=_("SLA due at"), null=True, blank=True)
    # The earliest running due time not yet handled as a breach: the SLA monitor's work.
    sla_next_check_at = models.DateTimeField(
        verbose_name=_("SLA next check at"), null=True, blank=True
    )
    sla_breached_at = models.DateTimeField(
        verbose_name=_("SLA breached at"), null=True, blank=True, help_text=_("First breach.")
    )

    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), default=timezone.now)
    handed_off_at = models.DateTimeField(verbose_name=_("handed off at"), null=True, blank=True)
    first_responded_at = models.DateTimeField(
        verbose_name=_("first responded at"), null=True, blank=True
    )
    solved_at = models.DateTimeField(verbose_name=_("solved at"), null=True, blank=True)
    closed_at = models.DateTimeField(verbose_name=_("closed at"), null=True, blank=True)
    # When the conversation's text was removed (tickets.erasure): by the customer's
    # erasure, or after RETENTION_DAYS closed. Retention skips these.
    text_removed_at = models.DateTimeField(
        verbose_name=_("text removed at"), null=True, blank=True, editable=False
    )
    last_message_at = models.DateTimeField(verbose_name=_("last message at"), null=True, blank=True)
    last_customer_message_at = models.DateTimeField(
        verbose_name=_("last customer message at"), null=True, blank=True
    )
    # When the customer was last seen reading the conversation; an agent's reply is
    # emailed to a customer who has been away since before it.
    customer_last_seen_at = models.DateTimeField(
        verbose_name=_("customer last seen at"), null=True, blank=True
    )
    # The highest message seq so far; bumped under the row lock by message_post.
    last_seq = models.PositiveIntegerField(verbose_name=_("last seq"), default=0)
    # Bumped by every write of the row (save() and QuerySet.update() both do it): the
    # chat's operations decide on the copy a socket holds and write only if the row
    # is still at that copy's version (tickets.chat).
    version = models.PositiveBigIntegerField(verbose_name=_("version"), default=0, editable=False)

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at", "-id"]
        permissions = [("assign_ticket", "Can give tickets to others or take them from them")]
        indexes = [
            # The agents' queue: tickets still being worked, by SLA due time (the
            # admin's default view reads the first page straight off this index).
            models.Index(
                fields=["sla_due_at", "id"],
                name="ticket_active_by_sla",
                condition=Q(status__in=["open", "pending"]),
            ),
            models.Index(
                fields=["sla_next_check_at"],
                name="ticket_sla_to_check",
                condition=Q(status="open", sla_next_check_at__isnull=False),
            ),
            # The assistant's conversations by their last customer message: the
            # monitor finds those the assistant never answered (assistant.turns).
            models.Index(
                fields=["last_customer_message_at"],
                name="ticket_ai_by_customer_message",
                condition=Q(handled_by="ai", status__in=["open", "pending"]),
            ),
            models.Index(fields=["customer", "-created_at"], name="ticket_customer_recent"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee_status"),
            # The reports read the conversations that started in a range of days
            # (reports.scope): measured at 100,000 tickets, every figure of a 30-day
            # report scanned the whole table without it.
            models.Index(fields=["created_at"], name="ticket_started"),
            # Retention's daily pass: closed conversations whose text is still kept.
            models.Index(
                fields=["closed_at"],
                name="ticket_closed_text_kept",
                condition=Q(status="closed", text_removed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"#{self.pk} {self.subject}"

    def save(self, *args, update_fields=None, **kwargs):
        """Saving an existing row bumps its version. The services save only a copy
        they read under the row lock (services._locked), so its version is the row's."""
        if not self._state.adding:
            self.version += 1
            if update_fields is not None:
                update_fields = {*update_fields, "version"}
        super().save(*args, update_fields=update_fields, **kwargs)

    @property
    def is_active(self):
        return self.status in (self.Status.OPEN, self.Status.PENDING)


class Message(models.Model):
    class Author(models.TextChoices):
        CUSTOMER = "customer", _("Customer")
        ASSISTANT = "assistant", _("Assistant")
        AGENT = "agent", _("Agent")
        SYSTEM = "system", _("System")

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="messages"
    )
    seq = models.PositiveIntegerField(verbose_name=_("seq"))
    author_kind = models.CharField(
        verbose_name=_("author kind"), max_length=10, choices=Author.choices
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    body = models.TextField(verbose_name=_("body"))
    is_internal = models.BooleanField(
        verbose_name=_("is internal"), default=False, help_text=_("A note for staff only.")
    )
    # NULL, not "", when absent: the uniqueness per ticket applies to real ids only.
    client_msg_id = models.CharField(  # noqa: DJ001
        verbose_name=_("client msg id"), max_length=64, null=True, blank=True
    )
    metadata = models.JSONField(verbose_name=_("metadata"), default=dict, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["ticket_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["ticket", "seq"], name="message_seq_unique_per_ticket"),
            models.UniqueConstraint(
                fields=["ticket", "client_msg_id"],
                condition=Q(client_msg_id__isnull=False),
                name="message_client_id_unique_per_ticket",
            ),
        ]

    def __str__(self):
        return f"#{self.ticket_id}.{self.seq} {self.author_kind}"


class TicketEvent(models.Model):
    """The audit timeline of a ticket."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        HANDED_OFF = "handed_off", _("Handed to a person")
        HANDED_BACK = "handed_back", _("Handed back to the assistant")
        CLAIMED = "claimed", _("Claimed")
        ASSIGNED = "assigned", _("Assigned")
        UNASSIGNED = "unassigned", _("Back to the queue")
        TAKEN_OVER = "taken_over", _("Taken over")
        STATUS_CHANGED = "status_changed", _("Status changed")
        PRIORITY_CHANGED = "priority_changed", _("Priority changed")
        QUEUE_CHANGED = "queue_changed", _("Queue changed")
        TAGGED = "tagged", _("Tagged")
        UNTAGGED = "untagged", _("Tag removed")
        MERGED = "merged", _("Merged")
        RULE_MATCHED = "rule_matched", _("Escalation rule matched")
        SLA_BREACHED = "sla_breached", _("SLA breached")
        RATED = "rated", _("Rated")
        # Said without what was removed: data["why"] is "erasure" or "retention".
        TEXT_REMOVED = "text_removed", _("Personal data removed")

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(verbose_name=_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    data = models.JSONField(verbose_name=_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="event_ticket_time"),
            # The reopenings (solved -> open), which the reports look up for every
            # conversation: measured at 100,000 tickets, finding them otherwise read
            # every event of the desk, twice in a query.
            models.Index(
                fields=["ticket", "created_at"],
                name="event_reopening",
                condition=Q(kind="status_changed", data__from="solved", data__to="open"),
            ),
        ]

    def __str__(self):
        return f"#{self.ticket_id} {self.get_kind_display()}"


class SLABreach(models.Model):
    """One row per missed target: the unique constraint makes handling exactly-once
    even with several monitors running."""

    class Target(models.TextChoices):
        FIRST_RESPONSE = "first_response", _("First response")
        NEXT_RESPONSE = "next_response", _("Next response")
        RESOLUTION = "resolution", _("Resolution")

    ticket = models.ForeignKey(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="breaches"
    )
    target = models.CharField(verbose_name=_("target"), max_length=20, choices=Target.choices)
    due_at = models.DateTimeField(verbose_name=_("due at"))
    detected_at = models.DateTimeField(verbose_name=_("detected at"), default=timezone.now)

    class Meta:
        verbose_name = _("SLA breach")
        verbose_name_plural = _("SLA breaches")
        ordering = ["-detected_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "target", "due_at"], name="sla_breach_once_per_deadline"
            )
        ]

    def __str__(self):
        return f"#{self.ticket_id} missed {self.get_target_display()}"


def validate_regex(value: str) -> None:
    try:
        compile_pattern(value)
    except PatternError as error:
        raise ValidationError(
            gettext(
                "This pattern cannot be used (%(error)s). Patterns are matched by RE2, which "
                "takes time in proportion to the message whatever the pattern, and so has no "
                "look-ahead, look-behind or back-references, and limits repetition counts."
            )
            % {"error": error}
        ) from None


class EscalationRule(models.Model):
    """An ordered rule: when every condition that is set holds, its actions apply.

    Rules are checked by position; every matching rule applies its actions, later
    ones overriding earlier ones for priority and queue, until a matching rule with
    `stop_here` ends the evaluation. Empty conditions are ignored; a rule with no
    condition at all matches every message.
    """

    name = models.CharField(verbose_name=_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(
        verbose_name=_("position"), default=100, help_text=_("Lower is checked first.")
    )
    is_active = models.BooleanField(verbose_name=_("is active"), default=True)

    # Conditions
    tier = models.CharField(
        verbose_name=_("tier"),
        max_length=10,
        choices=Tier.choices,
        blank=True,
        help_text=_("Blank: any."),
    )
    intents = models.JSONField(
        verbose_name=_("intents"), default=list, blank=True, help_text=_("Any of these intents.")
    )
    sentiment_below = models.FloatField(
        verbose_name=_("sentiment below"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-1), MaxValueValidator(1)],
        help_text=_("Matches when the message's sentiment (-1…1) is below this."),
    )
    explicit_human_request = models.BooleanField(
        verbose_name=_("explicit human request"),
        default=False,
        help_text=_("Matches only when the customer asked for a person."),
    )
    min_ai_turns = models.PositiveSmallIntegerField(
        verbose_name=_("min AI turns"),
        null=True,
        blank=True,
        help_text=_("Matches after at least this many assistant answers."),
    )
    pattern = models.CharField(
        verbose_name=_("pattern"),
        max_length=300,
        blank=True,
        validators=[validate_regex],
        help_text=_("A regular expression (RE2 syntax) searched in the message, case-insensitive."),
    )
    min_minutes_waiting = models.PositiveIntegerField(
        verbose_name=_("min minutes waiting"),
        null=True,
        blank=True,
        help_text=_("Matches when the ticket has waited at least this long."),
    )
    min_priority = models.PositiveSmallIntegerField(
        verbose_name=_("min priority"), choices=Priority.choices, null=True, blank=True
    )

    # Actions
    hand_off = models.BooleanField(
        verbose_name=_("hand off"), default=False, help_text=_("Hand the conversation to a person.")
    )
    offer_human = models.BooleanField(
        verbose_name=_("offer human"),
        default=False,
        help_text=_("Offer the customer a person without handing off."),
    )
    set_priority = models.PositiveSmallIntegerField(
        verbose_name=_("set priority"), choices=Priority.choices, null=True, blank=True
    )
    route_to = models.ForeignKey(
        Queue,
        verbose_name=_("route to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    add_tag = models.SlugField(verbose_name=_("add tag"), max_length=50, blank=True)
    notify_supervisors = models.BooleanField(verbose_name=_("notify supervisors"), default=False)
    first_step = models.TextField(
        verbose_name=_("first step"),
        blank=True,
        max_length=1000,
        help_text=_(
            "Said to the customer with the hand-off, when this rule hands off: what "
            "to do right away while they wait (a link to a help page, /help/…, is clickable)."
        ),
    )
    stop_here = models.BooleanField(
        verbose_name=_("stop here"),
        default=False,
        help_text=_("Check no further rules if this matches."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("escalation rule")
        verbose_name_plural = _("escalation rules")
        ordering = ["position", "id"]

    def __str__(self):
        return self.name


class CannedResponse(models.Model):
    title = models.CharField(verbose_name=_("title"), max_length=100)
    body = models.TextField(verbose_name=_("body"))
    queue = models.ForeignKey(
        Queue,
        verbose_name=_("queue"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Blank: every queue."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("canned response")
        verbose_name_plural = _("canned responses")
        ordering = ["title"]

    def __str__(self):
        return self.title


class CSATRating(models.Model):
    ticket = models.OneToOneField(
        Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="rating"
    )
    score = models.PositiveSmallIntegerField(
        verbose_name=_("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(verbose_name=_("comment"), blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("CSAT rating")
        verbose_name_plural = _("CSAT ratings")

    def __str__(self):
        return f"#{self.ticket_id}: {self.score}/5"
