"""What the assistant knows: the intents it recognises (trained from examples staff
edit in the admin), the trained triage model, and the help-center articles."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.history import HistoricalRecords


class Intent(models.Model):
    """Something customers ask, learnt from example phrases. Its route says whether
    the assistant answers it or a person must."""

    class Route(models.TextChoices):
        ASSISTANT = "ROUTINE", _("The assistant answers")
        PERSON = "HUMAN", _("A person must handle it")

    name = models.SlugField(
        _("name"), max_length=80, unique=True, help_text=_("e.g. refund_status")
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    route = models.CharField(
        _("route"), max_length=10, choices=Route.choices, default=Route.ASSISTANT
    )
    examples = models.TextField(
        _("examples"), help_text=_("One example phrase per line, as customers write it.")
    )
    is_active = models.BooleanField(_("is active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    # Who changed it, when, from what (the admin's History); the record's own time
    # stands for updated_at.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("intent")
        verbose_name_plural = _("intents")

    def __str__(self):
        return self.name

    def example_lines(self) -> list[str]:
        return example_lines(self.examples)


def example_lines(examples: str) -> list[str]:
    """An intent's example phrases: one a line, blank lines skipped."""
    return [line.strip() for line in examples.splitlines() if line.strip()]


def intent_choices() -> list[tuple[str, str]]:
    """(name, label) of every intent triage may give: what escalation rules choose
    from (registered with tickets.intents at start-up). An inactive intent is listed,
    marked: a rule may name it before it is switched on."""
    rows = Intent.objects.order_by("name").values_list("name", "description", "is_active")
    return [
        (name, f"{name}: {description}" if description else name)
        if is_active
        else (name, gettext("%(intent)s (inactive)") % {"intent": name})
        for name, description, is_active in rows
    ]


class TriageModelVersion(models.Model):
    """A trained triage model. Processes serve the newest one; training a new one
    never interrupts them (they switch when it is saved)."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    intent_count = models.PositiveIntegerField(_("intent count"))
    example_count = models.PositiveIntegerField(_("example count"))
    train_seconds = models.FloatField(_("train seconds"))
    # Produced only by our own training (assistant.training); never load bytes from
    # anywhere else.
    data = models.BinaryField(_("data"))

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = ["created_at", "id"]
        verbose_name = _("triage model version")
        verbose_name_plural = _("triage model versions")

    def __str__(self):
        return f"Triage model of {self.created_at:%Y-%m-%d %H:%M} ({self.intent_count} intents)"


class Article(models.Model):
    """A help-center article: public at /help/<slug>/, and what the assistant cites.
    One slug may have an article in each language; /help/<slug>/ shows the reader's,
    or the English one."""

    class Language(models.TextChoices):
        # Each by its own name, as the page header's language switcher shows it.
        ENGLISH = "en", pgettext_lazy("a language, by its own name", "English")
        SWEDISH = "sv", pgettext_lazy("a language, by its own name", "Svenska")
        GERMAN = "de", pgettext_lazy("a language, by its own name", "Deutsch")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, blank=True)
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_(
            "Readers of this language see it, and the assistant answers their "
            "questions from it; the others see the English article of the same address."
        ),
    )
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One or two sentences.")
    )
    body = models.TextField(_("body"), help_text=_("Plain text; blank lines separate paragraphs."))
    keywords = models.CharField(
        _("keywords"),
        max_length=300,
        blank=True,
        help_text=_("Extra words customers use for this topic."),
    )
    topics = models.JSONField(
        _("topics"),
        default=list,
        blank=True,
        help_text=_(
            'Intents this article answers, e.g. ["fees"]: when the assistant reads a '
            "question as one of them, it looks here first."
        ),
    )
    is_published = models.BooleanField(_("is published"), default=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "language"], name="article_slug_per_language")
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self):
        return (
            self.title
            if self.language == self.Language.ENGLISH
            else f"{self.title} ({self.language})"
        )

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("help_article", args=[self.slug])


class AssistantTurn(models.Model):
    """One assistant turn: pending while the model works, then done or failed.

    A turn still pending long after the model's time limit was cut short by a restart;
    the sweep (assistant.turns.sweep_orphans) fails it and hands the conversation to a
    person, so no customer is left without an answer."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Outcome(models.TextChoices):
        ANSWERED = "answered", _("Answered")
        HANDED_OFF = "handed_off", _("Handed to a person")
        FAILED = "failed", _("Failed: handed to a person")
        SILENCED = "silenced", _("Silenced: a person took over")

    ticket = models.ForeignKey(
        "tickets.Ticket", verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="turns"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [
            models.Index(
                fields=["started_at"], name="turn_pending", condition=models.Q(state="pending")
            )
        ]
        verbose_name = _("assistant turn")
        verbose_name_plural = _("assistant turns")

    def __str__(self):
        return f"Turn on #{self.ticket_id}: {self.state}"
