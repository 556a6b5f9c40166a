"""What staff edit for the assistant: help-center articles and the intents it learns
from, plus a read-only record of the triage models trained from them.

Saving an article or an intent stamps `updated_at`, so that readers can tell what
changed: the help-center index, for one, refits when it sees a newer stamp.
"""

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from assistant.models import Article, AssistantTurn, Intent, TriageModelVersion
from assistant.training import NotEnoughExamples, train_from_intents
from tickets.admin import ReadOnlyAdmin
from tickets.admin_history import SettingHistoryAdmin

MIN_EXAMPLES = 3


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "slug", "language", "summary", "keywords", "body", "is_published"]

    def clean_slug(self):
        # Filled here rather than in Article.save, so that a taken slug is a form error
        # and a title without letters (say "???") is refused instead of giving no address.
        slug = self.cleaned_data["slug"] or slugify(self.cleaned_data.get("title", ""))[:200]
        if not slug:
            raise forms.ValidationError(
                gettext("Give the article an address: letters, digits and hyphens, e.g. refunds.")
            )
        return slug

    def clean(self):
        # One article per address and language: said on the address, as a taken slug was.
        cleaned = super().clean()
        slug, language = cleaned.get("slug"), cleaned.get("language")
        taken = Article.objects.filter(slug=slug, language=language).exclude(pk=self.instance.pk)
        if slug and language and taken.exists():
            self.add_error("slug", gettext("An article in this language already has this address."))
        return cleaned


@admin.register(Article)
class ArticleAdmin(SettingHistoryAdmin):
    form = ArticleForm
    list_display = ["title", "slug", "language", "is_published", "updated_at"]
    list_filter = ["is_published", "language"]
    search_fields = ["title", "slug", "summary", "keywords"]
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "title", "slug", "language", "summary", "keywords", "body", "is_published", "updated_at"
    ]  # fmt: skip
    readonly_fields = ["updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)


def _same_phrase(line: str) -> str:
    """How two example lines are compared: case and spacing do not make a new example."""
    return " ".join(line.casefold().split())


class IntentForm(forms.ModelForm):
    class Meta:
        model = Intent
        fields = ["name", "description", "route", "examples", "is_active"]
        widgets = {"examples": forms.Textarea(attrs={"rows": 16, "cols": 80})}

    def clean_examples(self):
        lines = [line.strip() for line in self.cleaned_data["examples"].splitlines()]
        lines = [line for line in lines if line]
        if len(lines) < MIN_EXAMPLES:
            raise forms.ValidationError(
                ngettext(
                    "Give at least %(minimum)s example phrases, one per line (there is "
                    "%(count)s). The more varied they are, the better the assistant "
                    "recognises this intent.",
                    "Give at least %(minimum)s example phrases, one per line (there are "
                    "%(count)s). The more varied they are, the better the assistant "
                    "recognises this intent.",
                    len(lines),
                )
                % {"minimum": MIN_EXAMPLES, "count": len(lines)}
            )
        seen, repeated = set(), {}
        for line in lines:
            phrase = _same_phrase(line)
            if phrase in seen:
                repeated.setdefault(phrase, line)
            seen.add(phrase)
        if repeated:
            listed = "; ".join(f"“{line}”" for line in repeated.values())
            raise forms.ValidationError(
                gettext("Each example must appear only once. Remove the repeated lines: %(lines)s.")
                % {"lines": listed}
            )
        return "\n".join(lines)


@admin.register(Intent)
class IntentAdmin(SettingHistoryAdmin):
    form = IntentForm
    list_display = ["name", "route", "example_count", "is_active", "updated_at"]
    list_filter = ["route", "is_active"]
    search_fields = ["name", "description", "examples"]
    readonly_fields = ["updated_at"]

    actions = ["retrain"]

    @admin.display(description=_("examples"))
    def example_count(self, intent):
        return len(intent.example_lines())

    def save_model(self, request, obj, form, change):
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    def response_post_save_change(self, request, obj):
        self._retrain(request)
        return super().response_post_save_change(request, obj)

    def response_post_save_add(self, request, obj):
        self._retrain(request)
        return super().response_post_save_add(request, obj)

    @admin.action(description=_("Retrain the assistant on all active intents"))
    def retrain(self, request, queryset):
        self._retrain(request)

    def _retrain(self, request):
        """Training takes well under a second for the product's intents; running
        processes keep the previous model until the new one is saved."""
        try:
            version = train_from_intents()
        except NotEnoughExamples as error:
            self.message_user(
                request,
                gettext("Not retrained: %(reason)s") % {"reason": error},
                level=messages.WARNING,
            )
            return
        self.message_user(
            request,
            gettext("The assistant now uses %(intents)s intents (%(examples)s examples).")
            % {"intents": version.intent_count, "examples": version.example_count},
        )


@admin.register(TriageModelVersion)
class TriageModelVersionAdmin(ReadOnlyAdmin):
    """Training writes these; staff only look. The model bytes are never loaded here."""

    list_display = ["created_at", "intent_count", "example_count", "train_seconds"]
    fields = ["created_at", "intent_count", "example_count", "train_seconds"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data")


@admin.register(AssistantTurn)
class AssistantTurnAdmin(ReadOnlyAdmin):
    """Each assistant turn and how it ended; pending ones older than the time limit
    are finished by the monitor's sweep."""

    list_display = ["ticket", "state", "outcome", "detail", "started_at", "finished_at"]
    list_filter = ["state", "outcome"]
    search_fields = ["ticket__id", "ticket__customer__email"]
    list_select_related = ["ticket"]
    date_hierarchy = "started_at"
