"""When the database refuses a chat message (after core.db tried again where it could),
the socket stays open and says so with an `unavailable` error for that message: the page
keeps it and sends the same frame again, which stores it once."""

import pytest
from asgiref.sync import sync_to_async
from django.db import connection

from assistant.tests.test_chat_socket import frames_until, open_chat, send, stored

pytestmark = pytest.mark.django_db(transaction=True)

REFUSE = {
    "postgresql": [
        "CREATE FUNCTION refuse_message() RETURNS trigger AS $$ BEGIN "
        "IF NEW.body = 'refused' THEN RAISE EXCEPTION 'the disk is full'; END IF; "
        "RETURN NEW; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER refuse_message BEFORE INSERT ON tickets_message "
        "FOR EACH ROW EXECUTE FUNCTION refuse_message()",
    ],
    "sqlite": [
        "CREATE TRIGGER refuse_message BEFORE INSERT ON tickets_message "
        "WHEN NEW.body = 'refused' BEGIN SELECT RAISE(FAIL, 'the disk is full'); END",
    ],
}
ALLOW = {
    "postgresql": [
        "DROP TRIGGER refuse_message ON tickets_message",
        "DROP FUNCTION refuse_message()",
    ],
    "sqlite": ["DROP TRIGGER refuse_message"],
}


@sync_to_async
def run_sql(statements):
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@pytest.fixture
async def refusing_database(db):
    """A database that refuses a message whose text is "refused", as a full disk would."""
    await run_sql(REFUSE[connection.vendor])
    yield
    await run_sql(ALLOW[connection.vendor])


async def test_a_message_the_database_refuses_gets_unavailable_and_the_socket_stays(
    assistant_ready, customer, refusing_database
):
    chat, _ = await open_chat(customer)

    await send(chat, "refused", "m-1")
    [error] = await frames_until(chat, lambda f: f["type"] == "error")
    assert error["code"] == "unavailable"
    assert error["client_msg_id"] == "m-1"
    assert "sent again" in error["message"]
    assert await stored(customer) == []

    await send(chat, "this one is fine", "m-2")  # the socket still works
    frames = await frames_until(chat, lambda f: f["type"] == "turn" and f["state"] == "done")
    assert [f["seq"] for f in frames if f["type"] == "ack"] == [1]
    await chat.disconnect()
