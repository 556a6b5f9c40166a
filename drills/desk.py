"""A person at the desk, in a process of its own: `python -m drills.desk` with the
drills' DATABASE_URL and REDIS_URL. Django starts once; then each line on stdin is a
command, done through tickets.services as the admin would, answered with a line on
stdout:

    {"reply": 7, "text": "…"}        -> {"seq": 12}      an agent's public reply
    {"status": 7, "to": "pending"}   -> {"status": "pending"}

or {"error": "…"}. drills.prepare made the agent (AGENT_EMAIL). Drill (a) uses it
while daphne is down: RELIABILITY case 2 wants what staff did during the outage in
every transcript after the restart.
"""

import json
import os
import sys

import django

AGENT_EMAIL = "drill-agent@example.com"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportsite.settings")
    django.setup()
    from django.db import close_old_connections

    from accounts.models import User
    from tickets import services
    from tickets.models import Ticket

    agent = User.objects.get(email=AGENT_EMAIL)
    sys.stdout.write(json.dumps({"ready": True}) + "\n")
    sys.stdout.flush()
    for line in sys.stdin:
        command = json.loads(line)
        close_old_connections()  # as a request would: a connection cut meanwhile is replaced
        try:
            if "reply" in command:
                ticket = Ticket.objects.get(pk=command["reply"])
                message = services.agent_reply(ticket=ticket, agent=agent, body=command["text"])
                answer = {"seq": message.seq}
            else:
                ticket = Ticket.objects.get(pk=command["status"])
                ticket = services.ticket_set_status(ticket=ticket, status=command["to"],
                                                    actor=agent)  # fmt: skip
                answer = {"status": ticket.status}
        except Exception as error:  # said back to the drill, which reports it
            answer = {"error": repr(error)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
