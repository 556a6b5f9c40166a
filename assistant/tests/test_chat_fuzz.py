"""Any frame at all gets a typed answer: a parsed frame or a ProtocolError, never a
crash; through the real socket, a bad frame stores nothing and the socket lives on."""

import json

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tickets import chat_protocol as protocol

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
FRAME_LIKE = st.fixed_dictionaries(
    {"type": st.sampled_from(["send", "resume", "typing", "human", "ping", "x", ""])},
    optional={
        "client_msg_id": st.one_of(st.text(max_size=80), st.integers(), st.none()),
        "text": st.one_of(st.text(max_size=50), st.integers(), st.none(), JSON_VALUES),
        "after_seq": st.one_of(st.integers(), st.booleans(), st.text(max_size=5)),
    },
)


ERROR_CODES = {
    "bad_json",
    "too_big",
    "unknown_type",
    "invalid",
    "invalid_text",
    "empty",
    "too_long",
}


def outcome(raw):
    try:
        return protocol.parse(raw)
    except protocol.ProtocolError as error:
        return error


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), JSON_VALUES.map(json.dumps), FRAME_LIKE.map(json.dumps)))
def test_parse_answers_every_input_with_a_frame_or_a_protocol_error(raw):
    result = outcome(raw)

    if isinstance(result, protocol.ProtocolError):
        assert result.code in ERROR_CODES
    else:
        assert isinstance(result, (protocol.Send, protocol.Resume, protocol.Signal))
    if isinstance(result, protocol.Send):
        assert 0 < len(result.text) <= 4000
        assert "\x00" not in result.text


@pytest.mark.parametrize("depth", [200, 2000, 20000])
def test_deep_nesting_is_refused_cleanly(depth):
    with pytest.raises(protocol.ProtocolError):
        protocol.parse("[" * depth + "]" * depth)


@pytest.mark.django_db(transaction=True)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    raw=st.one_of(st.text(max_size=100), JSON_VALUES.map(json.dumps), FRAME_LIKE.map(json.dumps))
)
def test_the_socket_answers_every_bad_frame_with_one_error_and_stores_nothing(raw, customer):
    from asgiref.sync import async_to_sync

    from assistant.tests.socket_fuzz import exchange

    assume(raw)  # the test client cannot send an empty frame; parse() covers it
    expected = outcome(raw)
    if not isinstance(expected, protocol.ProtocolError):
        return  # valid frames are covered by the chat tests

    answers, stored = async_to_sync(exchange)(customer, raw)

    assert [a["type"] for a in answers] == ["error"]
    assert answers[0]["code"] == expected.code
    assert stored == 0
