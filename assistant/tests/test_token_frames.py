"""The answer's pieces reach the customer as they come: pieces given together go in
one frame, pieces given apart in their own, always in order and all sent by flush."""

import asyncio

from assistant.consumers import TokenFrames


def sent_frames(script) -> list[str]:
    frames = []

    async def send(frame):
        await asyncio.sleep(0)  # a send that waits, as a socket's may
        frames.append(frame["text"])

    async def run():
        tokens = TokenFrames(send)
        await script(tokens)
        await tokens.flush()

    asyncio.run(run())
    return frames


def test_pieces_given_together_go_in_one_frame():
    async def script(tokens):
        for piece in ["Your next ", "payment is ", "on Monday."]:
            await tokens.add(piece)

    assert sent_frames(script) == ["Your next payment is on Monday."]


def test_pieces_given_apart_go_as_they_come_and_in_order():
    async def script(tokens):
        await tokens.add("One ")
        await asyncio.sleep(0.01)  # a model still writing
        await tokens.add("two ")
        await tokens.add("three ")
        await asyncio.sleep(0.01)
        await tokens.add("four.")

    assert sent_frames(script) == ["One ", "two three ", "four."]


def test_a_piece_given_while_a_frame_is_being_sent_goes_next():
    async def script(tokens):
        await tokens.add("first ")
        await asyncio.sleep(0)  # the frame is being sent
        await asyncio.sleep(0)
        await tokens.add("second")

    assert sent_frames(script) == ["first ", "second"]


def test_flush_with_nothing_given_sends_nothing():
    async def script(tokens):
        pass

    assert sent_frames(script) == []
