"""Issue 13, item 4: dropped database connections do not stall chat. During drill (c)
(every app backend terminated three times, 5 s apart): ack p99 under 1 s, no socket
closed by the server, no turn failed because of it, and /healthz answering (200 or
503) within 3 s every time it is asked (every 0.5 s)."""


def test_dropped_database_connections_do_not_stall_chat(drill_report):
    report = drill_report("backends_terminated")
    assert not report.timed_out, "the drill took longer than its limit"
    p99 = report.percentile(99)
    assert report.verdict.unacked == [], "messages never acknowledged"
    assert p99 is not None
    assert p99 < 1.0, f"ack p99 {p99:.2f} s"
    assert sum(report.server_closes.values()) == 0, f"closed: {dict(report.server_closes)}"
    failed, seen = report.verdict.failed_turns, report.outcomes.get("failed", 0)
    assert (failed, seen) == (0, 0), f"{failed} turns failed, {seen} failed outcomes seen"
    slow = [p for p in report.probes if p.status not in (200, 503) or p.seconds > 3]
    assert report.probes
    assert not slow, f"/healthz unanswered or slow: {slow[:5]}"
