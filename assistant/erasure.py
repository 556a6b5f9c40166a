"""What the assistant removes when a customer's data is erased or a closed
conversation's text is forgotten (privacy calls these through the app registry).

The assistant's answers and what it stored beside them (sources, choices, tool
results) are messages of the conversation, which tickets removes. Here: each turn's
detail, which can carry a model's error text about the customer's message. The turns
themselves (when, how long, answered or handed off) stay for the reports."""

from assistant.models import AssistantTurn


def erase_customer(user) -> None:
    AssistantTurn.objects.filter(ticket__customer=user).update(detail="")


def forget_conversations(ticket_ids) -> None:
    AssistantTurn.objects.filter(ticket__in=list(ticket_ids)).update(detail="")
