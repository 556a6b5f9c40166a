from django.apps import AppConfig


class AssistantConfig(AppConfig):
    """Triage, the answering engine, its customer-scoped tools and the help center."""

    name = "assistant"
