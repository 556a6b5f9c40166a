"""After each fault: every acked message stored once, every transcript equal to the
database, no assistant turn pending past its bound (drills.faults)."""

import pytest

from drills.drill import TURN_BOUND
from drills.faults import DRILLS


@pytest.fixture(params=list(DRILLS))
def report(request, drill_report):
    report = drill_report(request.param)
    assert not report.timed_out, f"the drill took longer than its limit: {report.lines()}"
    return report


def test_every_acked_message_is_stored_exactly_once(report):
    verdict = report.verdict
    assert verdict.acked > 0
    assert verdict.lost == [], "acknowledged, then not in the database"
    assert verdict.duplicates == [], "stored more than once"
    assert verdict.wrong_seq == [], "acknowledged with a seq the stored row does not have"
    assert verdict.unacked == [], "sent and resent, never acknowledged"


def test_every_transcript_equals_the_database(report):
    verdict = report.verdict
    assert verdict.gaps == {}, "public messages a client never received, even by resume"
    assert verdict.extras == {}, "messages a client received that the database lacks"
    assert verdict.differ == {}, "messages whose author or text differ from the database"
    assert verdict.conflicts == 0, "one seq delivered as two different messages"
    assert verdict.owner_differs == {}, "(owner kind, status) not as in the database"


def test_no_assistant_turn_stays_pending_past_its_bound(report):
    verdict = report.verdict
    assert verdict.pending_past_bound == [], f"pending longer than {TURN_BOUND} s (+ a sweep)"
    assert verdict.failed_not_handed_off == [], "a failed turn left with the assistant"
    assert verdict.hand_offs_twice == [], "handed to a person more than once"


def test_an_idle_socket_woken_after_the_drops_gets_the_update(drill_report):
    """RELIABILITY case 4: a consumer idle through the terminations, woken by a group
    event whose handler queries the database, answers."""
    report = drill_report("backends_terminated")
    assert report.woken_after is not None, "no owner frame within 5 s of the change"
    assert report.quiet_closes == 0


def test_daphne_rides_out_a_postgres_restart(drill_report):
    report = drill_report("postgres_restarted")
    assert len(report.daphne_pids) == 1
    assert sum(report.server_closes.values()) == 0, dict(report.server_closes)
