"""LangChain's own fake chat model, taught to call tools, for the seam's tests."""

import asyncio
from typing import Any

from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage

from assistant.triage import TriageResult


def tool_call(name: str, **args) -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": f"id-{name}"}])


class ToolCallingFake(FakeMessagesListChatModel):
    """Replies with the scripted messages in order; records every input it is given
    and the tools it was bound with; can be slow or fail."""

    seen: list = []
    bound_tools: Any = None
    delay: float = 0.0
    fail_with: Any = None

    def bind_tools(self, tools, **kwargs):
        self.bound_tools = tools
        return self

    def _generate(self, messages, stop=None, run_manager=None, **kwargs):
        self.seen.append(list(messages))
        if self.fail_with:
            raise self.fail_with
        return super()._generate(messages, stop, run_manager, **kwargs)

    async def _agenerate(self, messages, stop=None, run_manager=None, **kwargs):
        await asyncio.sleep(self.delay)
        return self._generate(messages, stop, None, **kwargs)


def triaged(intent: str = "fees", **fields) -> TriageResult:
    """A triage result as the real model returns it, with chosen fields."""
    values = {
        "intent": intent, "confidence": 0.9, "out_of_scope": False, "route": "ROUTINE",
        "human_request": False, "sentiment": 0.0, **fields,
    }  # fmt: skip
    values.setdefault("intent_route", values["route"])  # a HUMAN route: a HUMAN intent
    return TriageResult(**values)


def triage_as(intent: str = "fees", **fields):
    """A triage function that answers the same for every text."""
    result = triaged(intent, **fields)
    return lambda text: result


def respond_from_sync_code(**kwargs):
    """engine.respond called from a sync test, on an event loop of its own."""
    from asgiref.sync import async_to_sync

    from assistant import engine

    return async_to_sync(engine.respond)(**kwargs)
