"""A socket's inbox on the channel layer (core.channel_layer.Inbox): messages come out
once each, in order, to a reader waiting or arriving later, and none is lost when its
reader is cancelled. No Redis needed: channels-redis only calls `put_nowait`."""

import asyncio
import tracemalloc

from core.channel_layer import Inbox


async def test_messages_come_out_in_order_to_a_reader_arriving_later():
    inbox = Inbox()
    for n in range(3):
        inbox.put_nowait({"n": n})

    assert [(await inbox.get())["n"] for _ in range(3)] == [0, 1, 2]


async def test_a_waiting_reader_is_woken_by_a_message():
    inbox = Inbox()
    reading = asyncio.ensure_future(inbox.get())
    await asyncio.sleep(0)
    assert not reading.done()

    inbox.put_nowait("hello")

    assert await asyncio.wait_for(reading, 1) == "hello"


async def test_a_reader_cancelled_after_being_woken_leaves_the_message_for_the_next():
    inbox = Inbox()
    reading = asyncio.ensure_future(inbox.get())
    await asyncio.sleep(0)

    inbox.put_nowait("kept")
    reading.cancel()  # before it ran again to take the message

    assert await asyncio.wait_for(inbox.get(), 1) == "kept"


def allocated(make) -> int:
    tracemalloc.start()
    try:
        made = [make() for _ in range(100)]
        size, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(made) == 100
    return size


def test_an_empty_inbox_takes_a_tenth_of_an_asyncio_queue():
    assert allocated(Inbox) * 10 < allocated(asyncio.Queue)
