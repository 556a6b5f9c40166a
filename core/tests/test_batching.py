"""Group commit (core.batching): callers' items handled together by one call
on a database thread, each caller getting its own item's result. The handles here
touch no database."""

import asyncio
import threading
import time

import pytest

from core.batching import Batcher, batcher_for


def exclaim(items):
    return [f"{item}!" for item in items]


class Recording:
    """`handle`, a plain sync function (a bound method) that records its batches and
    how many of its calls ran at once."""

    def __init__(self, answer=exclaim, seconds=0.0):
        self.answer, self.seconds = answer, seconds
        self.batches, self.running, self.peak = [], 0, 0
        self.lock = threading.Lock()

    def handle(self, items):
        with self.lock:
            self.batches.append(list(items))
            self.running += 1
            self.peak = max(self.peak, self.running)
        try:
            time.sleep(self.seconds)
            return self.answer(items)
        finally:
            with self.lock:
                self.running -= 1


async def test_each_caller_gets_its_own_items_result():
    record = Recording()
    batcher = Batcher(record.handle)

    results = await asyncio.gather(*(batcher.submit(n) for n in range(30)))

    assert results == [f"{n}!" for n in range(30)]
    assert [item for batch in record.batches for item in batch] == list(range(30))


async def test_an_exception_result_goes_to_its_caller_only():
    record = Recording(lambda items: [ValueError(i) if i == "bad" else f"{i}!" for i in items])
    batcher = Batcher(record.handle)

    results = await asyncio.gather(
        *(batcher.submit(item) for item in ["a", "bad", "c"]), return_exceptions=True
    )

    assert record.batches == [["a", "bad", "c"]]
    assert results[0] == "a!"
    assert isinstance(results[1], ValueError)
    assert results[2] == "c!"


async def test_a_handle_that_raises_fails_every_caller_of_its_batch():
    def broken(items):
        raise LookupError("the database went away")

    record = Recording(broken)
    batcher = Batcher(record.handle)

    results = await asyncio.gather(*(batcher.submit(n) for n in range(3)), return_exceptions=True)

    assert record.batches == [[0, 1, 2]]
    assert [type(result) for result in results] == [LookupError] * 3


async def test_a_wrong_number_of_results_fails_every_caller():
    batcher = Batcher(Recording(lambda items: exclaim(items)[:-1]).handle)

    results = await asyncio.gather(*(batcher.submit(n) for n in range(3)), return_exceptions=True)

    assert [type(result) for result in results] == [RuntimeError] * 3
    assert "gave 2 results for 3 items" in str(results[0])


async def test_a_burst_is_handled_in_few_batches_never_more_than_max_in_flight_at_once():
    record = Recording(seconds=0.05)
    batcher = Batcher(record.handle, max_in_flight=3)

    async def caller(n):
        await asyncio.sleep(n * 0.002)  # arriving over 0.1 s, faster than handled
        return await batcher.submit(n)

    results = await asyncio.gather(*(caller(n) for n in range(50)))

    assert results == [f"{n}!" for n in range(50)]
    assert len(record.batches) < 50
    assert 2 <= record.peak <= 3
    assert sorted(item for batch in record.batches for item in batch) == list(range(50))


async def test_a_cancelled_caller_does_not_stop_the_others_items_from_being_handled():
    release = threading.Event()
    record = Recording(lambda items: release.wait(5) and exclaim(items))
    batcher = Batcher(record.handle, max_in_flight=1)
    try:
        in_flight = asyncio.ensure_future(batcher.submit("in flight"))
        while not record.batches:  # its batch is being handled
            await asyncio.sleep(0.01)
        waiting = asyncio.ensure_future(batcher.submit("waiting"))
        kept = asyncio.ensure_future(batcher.submit("kept"))
        await asyncio.sleep(0)  # both queued behind the first batch

        in_flight.cancel()
        waiting.cancel()
        release.set()

        assert await kept == "kept!"
    finally:
        release.set()
    assert in_flight.cancelled()
    assert waiting.cancelled()
    assert record.batches == [["in flight"], ["waiting", "kept"]]


def test_batcher_for_gives_one_batcher_per_loop_and_function():
    async def batchers():
        return batcher_for(exclaim), batcher_for(exclaim), batcher_for(str.upper)

    first, same, other_function = asyncio.run(batchers())
    in_another_loop, _, _ = asyncio.run(batchers())

    assert first is same
    assert other_function is not first
    assert in_another_loop is not first
    assert isinstance(first, Batcher)
    assert first.handle is exclaim


@pytest.mark.parametrize("max_in_flight", [1, 4])
async def test_all_items_are_handled_once_whatever_the_bound(max_in_flight):
    record = Recording(seconds=0.01)
    batcher = Batcher(record.handle, max_in_flight=max_in_flight, max_batch=7)

    results = await asyncio.gather(*(batcher.submit(n) for n in range(40)))

    assert results == [f"{n}!" for n in range(40)]
    assert sorted(item for batch in record.batches for item in batch) == list(range(40))
    assert max(len(batch) for batch in record.batches) <= 7
