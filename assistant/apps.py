from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    """Triage, the answering engine, its customer-scoped tools and the help center."""

    name = "assistant"
    verbose_name = _("Assistant")

    def ready(self):
        from django.conf import settings

        # tickets never imports assistant: its escalation rules choose intents from
        # those registered here.
        from assistant.models import intent_choices
        from tickets.intents import register_intent_source

        register_intent_source(intent_choices)

        # Every outcome has its series from the start, at 0.
        from assistant.models import AssistantTurn
        from core import metrics

        metrics.preset(metrics.ASSISTANT_TURNS, AssistantTurn.Outcome.values)

        if settings.ASSISTANT_MODEL != "embedded":
            # Fail at start-up, with what to install or set, rather than on the first
            # customer message.
            from assistant.llm import build_model

            build_model()
