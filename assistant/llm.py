"""The one module that imports LangChain: the chat model and the agent loop.

`ASSISTANT_MODEL` is `embedded` (the default: assistant.embedded, offline) or any
`provider:model` that LangChain's `init_chat_model` knows, e.g. `openai:gpt-4o-mini`
(install the provider's package, e.g. langchain-openai, and set its key). Both run
through the same loop, tools and streaming in `run_turn`. Tests replace the model
with LangChain's own fake chat models.
"""

import asyncio
import functools
import json
import logging
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.tools import StructuredTool

from assistant import embedded
from assistant.tools import TOOLS, ToolArgumentError, ToolContext
from core.db import run_db_repeatable

logger = logging.getLogger(__name__)

MAX_STEPS = 4  # model calls in one turn: lookups, then the answer
MAX_BAD_TOOL_CALLS = 2


class TurnFailed(Exception):
    """The model timed out, errored or misused its tools. The engine hands off."""


# --- The embedded model as a LangChain chat model -------------------------------------------


class EmbeddedChatModel(BaseChatModel):
    """assistant.embedded behind LangChain's chat-model interface."""

    triage: Any  # text -> a triage result (assistant.triage)
    # () -> a triage function that needs no database, or None when `triage` might.
    triage_if_fresh: Any = None
    plans: Any = None  # for one turn (knowing): its message's plan, made once (embedded)

    @property
    def _llm_type(self) -> str:
        return "supportsite-embedded"

    def bind_tools(self, tools, **kwargs):
        return self  # it knows our tools by name

    def knowing(self, text: str, result) -> "EmbeddedChatModel":
        """This model for one turn, given the triage of its message `text` already
        made (engine): it needs it again at each step and need not compute it."""
        triage, triage_if_fresh = self.triage, self.triage_if_fresh

        def known_or(fallback):
            return lambda asked: result if asked == text else fallback(asked)

        def fresh_known():
            fresh = triage_if_fresh() if triage_if_fresh else None
            return known_or(fresh) if fresh is not None else None

        return self.model_copy(
            update={"triage": known_or(triage), "triage_if_fresh": fresh_known, "plans": {}}
        )

    def _reply(self, messages: list[BaseMessage], triage=None) -> embedded.Reply:
        turns = [as_turn(m) for m in messages]
        return embedded.respond(turns, triage or self.triage, self.plans)

    def _generate(self, messages, stop=None, run_manager=None, **kwargs) -> ChatResult:
        return ChatResult(
            generations=[ChatGeneration(message=as_ai_message(self._reply(messages)))]
        )

    def _stream(self, messages, stop=None, run_manager=None, **kwargs):
        for chunk in self._chunks(self._reply(messages)):
            if run_manager:
                run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    async def _astream(self, messages, stop=None, run_manager=None, **kwargs):
        # The reply is pure computation, but the served triage now and then looks
        # for a newer model in the database: then it takes one trip to a database
        # thread (LangChain's default for a model without _astream would take one
        # for every chunk); otherwise it is computed here, with no trip at all.
        triage = self.triage_if_fresh() if self.triage_if_fresh else None
        if triage is not None:
            reply = self._reply(messages, triage)
        else:
            reply = await run_db_repeatable(self._reply, messages)
        for chunk in self._chunks(reply):
            if run_manager:
                await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    @staticmethod
    def _chunks(reply: embedded.Reply):
        """Tool calls in one chunk, and the text in one: the embedded model writes its
        whole answer at once, and the socket would send its pieces in one frame anyway
        (consumers.TokenFrames); cutting it up only cost a LangChain chunk a piece."""
        if reply.tool_calls:
            yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=[
                {"name": c.name, "args": json.dumps(c.arguments), "id": new_id(), "index": i}
                for i, c in enumerate(reply.tool_calls)
            ]))  # fmt: skip
            return
        yield ChatGenerationChunk(message=AIMessageChunk(content=reply.text))


def as_turn(message: BaseMessage) -> embedded.Turn:
    role = {"system": "system", "human": "user", "ai": "assistant", "tool": "tool"}
    return embedded.Turn(
        role=role.get(message.type, "user"),
        content=message.text if hasattr(message, "text") else str(message.content),
        tool_name=getattr(message, "name", "") or "",
    )


def as_ai_message(reply: embedded.Reply) -> AIMessage:
    return AIMessage(
        content=reply.text,
        tool_calls=[
            {"name": c.name, "args": c.arguments, "id": new_id(), "type": "tool_call"}
            for c in reply.tool_calls
        ],
    )


def new_id() -> str:
    return f"call_{uuid.uuid4().hex[:12]}"


# --- Choosing the model ---------------------------------------------------------------------


def build_model(spec: str | None = None, *, triage=None) -> BaseChatModel:
    """The chat model ASSISTANT_MODEL names; ImproperlyConfigured, with what to do,
    when it cannot be made (unknown form, missing package or key)."""
    spec = (spec or settings.ASSISTANT_MODEL).strip()
    if spec == "embedded":
        return EmbeddedChatModel(triage=triage) if triage else _served_embedded_model()
    provider, _, model_name = spec.partition(":")
    if not provider or not model_name:
        raise ImproperlyConfigured(
            f"ASSISTANT_MODEL must be 'embedded' or 'provider:model' (e.g. openai:gpt-4o-mini), "
            f"got {spec!r}."
        )
    from langchain.chat_models import init_chat_model

    try:
        return init_chat_model(spec, timeout=settings.ASSISTANT_TIMEOUT, max_retries=1)
    except ImportError as error:
        raise ImproperlyConfigured(
            f"ASSISTANT_MODEL={spec} needs its LangChain provider package: {error}"
        ) from None
    except Exception as error:  # e.g. the provider's client refusing a missing API key
        raise ImproperlyConfigured(f"ASSISTANT_MODEL={spec} could not start: {error}") from None


@cache
def _served_embedded_model() -> "EmbeddedChatModel":
    """One per process: it holds nothing but the served triage (which follows newly
    trained models itself), and LangChain works out a model's description once per
    instance, not once per turn."""
    from assistant.training import served_triage, served_triage_if_fresh

    return EmbeddedChatModel(triage=served_triage, triage_if_fresh=served_triage_if_fresh)


# --- The agent loop --------------------------------------------------------------------------


@dataclass
class TurnOutcome:
    text: str
    tools_used: list[str] = field(default_factory=list)
    hand_off_reason: str | None = None
    hand_off_code: str = ""  # tickets.models.HandOffCode
    articles: list[dict] = field(default_factory=list)
    choices: list[dict] = field(default_factory=list)  # offered with the answer


@cache
def langchain_tools() -> tuple[StructuredTool, ...]:
    """Our tools as LangChain tools, made once a process (per turn they cost more than
    the embedded model's reading): each with the tool's own pydantic model for its
    arguments (assistant.tools), so a provider's model gets the same tools,
    descriptions and checks as the embedded one. The loop runs them itself, for the
    turn's customer (_call_tool)."""
    return tuple(
        StructuredTool.from_function(
            func=functools.partial(_outside_a_turn, tool.name),
            name=tool.name,
            description=tool.description,
            args_schema=tool.arguments,
        )
        for tool in TOOLS
    )


TOOLS_BY_NAME = {tool.name: tool for tool in TOOLS}


def _outside_a_turn(name: str, **arguments):
    raise RuntimeError(f"{name} acts for a turn's customer: run_turn calls it")


def as_messages(system_prompt: str, history: Sequence[tuple[str, str]]) -> list[BaseMessage]:
    kinds = {"user": HumanMessage, "assistant": AIMessage}
    return [SystemMessage(system_prompt)] + [kinds[role](text) for role, text in history]


async def run_turn(
    model: BaseChatModel,
    *,
    system_prompt: str,
    history: Sequence[tuple[str, str]],
    context: ToolContext,
    on_token: Callable[[str], Awaitable[None]] | None = None,
    timeout: float | None = None,
) -> TurnOutcome:
    """Let the model look things up with our tools and answer; stream its text.

    Raises TurnFailed on a timeout, a provider error or repeated bad tool calls; the
    caller hands the conversation to a person."""
    timeout = timeout if timeout is not None else settings.ASSISTANT_TIMEOUT
    try:
        return await asyncio.wait_for(
            _loop(model, as_messages(system_prompt, history), context, on_token), timeout
        )
    except TurnFailed:
        raise
    except TimeoutError:
        raise TurnFailed(f"the model did not answer within {timeout:g} s") from None
    except Exception as error:
        raise TurnFailed(f"the model failed: {type(error).__name__}") from error


async def _loop(model, messages, context, on_token) -> TurnOutcome:
    bound = model.bind_tools(list(langchain_tools()))
    used: list[str] = []
    bad_calls = 0
    for _ in range(MAX_STEPS):
        reply = None
        async for chunk in _stream(bound, messages):
            reply = chunk if reply is None else reply + chunk
            if chunk.text and on_token:
                await on_token(chunk.text)
        if reply is None:
            raise TurnFailed("the model returned nothing")
        if not reply.tool_calls:
            return TurnOutcome(
                text=reply.text.strip(),
                tools_used=used,
                hand_off_reason=context.hand_off_reason,
                hand_off_code=context.hand_off_code,
                articles=context.articles,
                choices=context.choices,
            )
        messages.append(AIMessage(content=reply.text, tool_calls=reply.tool_calls))
        results = await run_db_repeatable(_call_tools, reply.tool_calls, context)
        for call, (result, ok) in zip(reply.tool_calls, results, strict=True):
            bad_calls += not ok
            if bad_calls > MAX_BAD_TOOL_CALLS:
                raise TurnFailed("the model kept calling tools wrongly")
            used.append(call["name"])
            messages.append(
                ToolMessage(
                    json.dumps(result), tool_call_id=call["id"] or new_id(), name=call["name"]
                )
            )
    raise TurnFailed("the model did not finish within its steps")


async def _stream(model, messages):
    """The model's reply, chunk by chunk. The embedded model's own stream is read
    directly: LangChain's bookkeeping around a call (callbacks, invocation parameters)
    cost more than the embedded model itself, twice a turn."""
    if isinstance(model, EmbeddedChatModel):
        async for chunk in model._astream(messages):
            yield chunk.message
    else:
        async for chunk in model.astream(messages):
            yield chunk


def _call_tools(calls: list[dict], context: ToolContext) -> list[tuple[dict, bool]]:
    """A reply's tool calls, in one trip to a database thread: the embedded model asks
    for two or three at once, and each trip wakes a thread. They only read, so the
    whole batch may run again on a fresh connection (run_db_repeatable)."""
    return [_call_tool(call, context) for call in calls]


def _call_tool(call: dict, context: ToolContext) -> tuple[dict, bool]:
    tool = TOOLS_BY_NAME.get(call.get("name"))
    if tool is None:
        logger.warning(
            "tool_scope model asked for a tool outside the allowlist: %r", call.get("name")
        )
        return {"error": f"There is no tool named {call.get('name')!r}."}, False
    arguments = call.get("args")
    if not isinstance(arguments, dict):
        return {"error": f"{tool.name} takes an object of arguments."}, False
    try:
        # The tool itself, which validates (not LangChain's invoke, which would raise
        # pydantic's error before ours could say what was wrong).
        return tool(context, arguments), True
    except ToolArgumentError as error:
        logger.warning("tool_scope bad arguments for %s: %s", tool.name, error)
        return {"error": str(error)}, False
