"""assistant's part of a customer's data export (accounts.export).

The assistant's answers, and what it noted on each (how it read the question, what it
looked up), are messages of the conversation: tickets exports them. What the assistant
keeps of its own about a customer is one record per turn it took on their messages:
when it ran and how it ended (answered, handed to a person, failed) — the automated
processing of their messages, so it is theirs to see.

Left out: a turn's technical `detail` (an error text for the engineers, which
says nothing about the customer), and everything that is the model rather than the
customer — intents and their example phrases (written by staff, never taken from
customers' messages), the trained triage models and the help-center articles (public
at /help/)."""

from accounts.export import moment
from assistant.models import AssistantTurn


def customer_export(user) -> dict:
    turns = AssistantTurn.objects.filter(ticket__customer_id=user.pk).order_by("started_at", "id")
    return {
        "assistant_turns": [
            {
                "conversation_id": turn.ticket_id,
                "started_at": moment(turn.started_at),
                "finished_at": moment(turn.finished_at),
                "state": turn.state,
                "outcome": turn.outcome or None,
            }
            for turn in turns
        ]
    }
