"""What the database says after a drill, against what the clients saw.

Read with plain SQL on the drills' own cluster: the test process never runs Django
against it (daphne, the monitor and drills.prepare do).
"""

from dataclasses import dataclass, field

import psycopg

from drills.chat import ChatClient


@dataclass
class Verdict:
    sent: int = 0
    acked: int = 0
    stored: int = 0  # the group's customer messages in the database
    unacked: list = field(default_factory=list)  # sent, never acknowledged
    lost: list = field(default_factory=list)  # acked, not in the database
    duplicates: list = field(default_factory=list)  # (client_msg_id, rows)
    wrong_seq: list = field(default_factory=list)  # acked with a seq the row does not have
    gaps: dict = field(default_factory=dict)  # client -> seqs in the database it lacks
    extras: dict = field(default_factory=dict)  # client -> seqs it has, the database not
    differ: dict = field(default_factory=dict)  # client -> seqs whose author or text differ
    conflicts: int = 0  # one seq seen with two different messages by one client
    owner_differs: dict = field(default_factory=dict)  # client -> (its (kind, status), the db's)
    pending: int = 0  # turns still pending at the end
    pending_past_bound: list = field(default_factory=list)  # (turn, ticket, age in s)
    failed_turns: int = 0
    failed_not_handed_off: list = field(default_factory=list)  # tickets
    hand_offs_twice: list = field(default_factory=list)  # tickets handed off more than once
    unanswered: list = field(default_factory=list)  # assistant's, last word the customer's
    hand_off_reasons: dict = field(default_factory=dict)  # reason -> conversations

    @property
    def transcripts_equal(self) -> bool:
        return not (self.gaps or self.extras or self.differ or self.conflicts
                    or self.owner_differs)  # fmt: skip


def customer_messages(conn: psycopg.Connection, group: str) -> list[tuple]:
    """(client_msg_id, ticket_id, seq) of every message the group's customers wrote."""
    return conn.execute(
        "SELECT m.client_msg_id, m.ticket_id, m.seq FROM tickets_message m "
        "JOIN accounts_user u ON u.id = m.author_id "
        "WHERE m.author_kind = 'customer' AND u.email LIKE %s",
        [f"drill-{group}-%"],
    ).fetchall()


def public_transcript(conn: psycopg.Connection, ticket_id: int) -> dict:
    rows = conn.execute(
        "SELECT seq, author_kind, body FROM tickets_message "
        "WHERE ticket_id = %s AND NOT is_internal ORDER BY seq",
        [ticket_id],
    ).fetchall()
    return {seq: (author_kind, body) for seq, author_kind, body in rows}


def owner_of(conn: psycopg.Connection, ticket_id: int) -> tuple | None:
    """(handled_by, status): what the chat calls the owner's kind, and the status."""
    return conn.execute(
        "SELECT handled_by, status FROM tickets_ticket WHERE id = %s", [ticket_id]
    ).fetchone()


def compare_transcript(client: ChatClient, conn: psycopg.Connection, verdict: Verdict) -> None:
    """The client's public transcript and its conversation's owner and status, against
    the database."""
    stored = public_transcript(conn, client.ticket_id)
    if client.ticket_id and client.owner != (owner := owner_of(conn, client.ticket_id)):
        verdict.owner_differs[client.name] = (client.owner, owner)
    mine = client.transcript
    if missing := sorted(set(stored) - set(mine)):
        verdict.gaps[client.name] = missing
    if extra := sorted(set(mine) - set(stored)):
        verdict.extras[client.name] = extra
    if differ := sorted(seq for seq in set(mine) & set(stored) if mine[seq] != stored[seq]):
        verdict.differ[client.name] = differ


def check_messages(conn: psycopg.Connection, group: str, clients: list[ChatClient],
                   verdict: Verdict) -> None:  # fmt: skip
    rows = customer_messages(conn, group)
    verdict.stored = len(rows)
    by_id: dict[str, list] = {}
    for client_msg_id, ticket_id, seq in rows:
        by_id.setdefault(client_msg_id, []).append((ticket_id, seq))
    verdict.duplicates = [(key, len(found)) for key, found in by_id.items() if len(found) > 1]
    for client in clients:
        verdict.sent += client.sent
        verdict.acked += len(client.acked)
        verdict.unacked += list(client.unacked)
        verdict.conflicts += len(client.conflicts)
        for client_msg_id, ack in client.acked.items():
            found = by_id.get(client_msg_id)
            if not found:
                verdict.lost.append(client_msg_id)
            elif (ack.ticket_id, ack.seq) not in found:
                verdict.wrong_seq.append((client_msg_id, (ack.ticket_id, ack.seq), found))


def check_turns(conn: psycopg.Connection, group: str, bound: float, verdict: Verdict) -> None:
    """Turns of the group's conversations: none pending longer than `bound` seconds,
    each failed one handed to a person (once)."""
    tickets = [row[0] for row in conn.execute(
        "SELECT t.id FROM tickets_ticket t JOIN accounts_user u ON u.id = t.customer_id "
        "WHERE u.email LIKE %s", [f"drill-{group}-%"],
    )]  # fmt: skip
    params = {"tickets": tickets, "bound": bound}
    verdict.pending_past_bound = conn.execute(
        "SELECT id, ticket_id, extract(epoch FROM now() - started_at)::float "
        "FROM assistant_assistantturn WHERE state = 'pending' AND ticket_id = ANY(%(tickets)s) "
        "AND started_at < now() - make_interval(secs => %(bound)s)",
        params,
    ).fetchall()
    verdict.pending, verdict.failed_turns = conn.execute(
        "SELECT count(*) FILTER (WHERE state = 'pending'), count(*) FILTER (WHERE state = "
        "'failed') FROM assistant_assistantturn WHERE ticket_id = ANY(%(tickets)s)",
        params,
    ).fetchone()
    verdict.failed_not_handed_off = [row[0] for row in conn.execute(
        "SELECT DISTINCT t.id FROM assistant_assistantturn a JOIN tickets_ticket t "
        "ON t.id = a.ticket_id WHERE a.state = 'failed' AND t.id = ANY(%(tickets)s) "
        "AND t.handled_by = 'ai'",
        params,
    )]  # fmt: skip
    verdict.hand_offs_twice = [row[0] for row in conn.execute(
        "SELECT ticket_id FROM tickets_ticketevent WHERE kind = 'handed_off' "
        "AND ticket_id = ANY(%(tickets)s) GROUP BY ticket_id HAVING count(*) > 1",
        params,
    )]  # fmt: skip
    verdict.hand_off_reasons = dict(conn.execute(
        "SELECT handoff_reason, count(*) FROM tickets_ticket WHERE id = ANY(%(tickets)s) "
        "AND handed_off_at IS NOT NULL GROUP BY 1 ORDER BY 2 DESC",
        params,
    ).fetchall())  # fmt: skip
    # Owned by the assistant, no turn running, and the customer's message the last one:
    # nobody will answer (issue 13, item 1).
    verdict.unanswered = [row[0] for row in conn.execute(
        "SELECT t.id FROM tickets_ticket t WHERE t.id = ANY(%(tickets)s) "
        "AND t.handled_by = 'ai' AND NOT EXISTS (SELECT FROM assistant_assistantturn a "
        "WHERE a.ticket_id = t.id AND a.state = 'pending') AND (SELECT author_kind FROM "
        "tickets_message m WHERE m.ticket_id = t.id AND NOT m.is_internal "
        "ORDER BY seq DESC LIMIT 1) = 'customer'",
        params,
    )]  # fmt: skip
