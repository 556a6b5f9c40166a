"""Make the drills' database ready, in a process of its own that Django runs in:
`python -m drills.prepare GROUP [GROUP ...]` with DATABASE_URL and SECRET_KEY set as
daphne will have them (run it after `manage.py migrate`).

Trains the triage (the data migrations installed the desk and the assistant's
defaults), makes an agent (drills.desk) and 21 customers per group, and prints, as
JSON, each group's session cookies: {"a": ["sessionid=…", …]}.
"""

import json
import os
import random
import sys

import django

CUSTOMERS_PER_GROUP = 21  # 20 talking, and one quiet (drills.drill)


def main(groups: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supportsite.settings")
    django.setup()
    from django.db import connection

    from accounts.models import User
    from accounts.roles import AGENTS, ensure_roles
    from assistant.training import train_from_intents
    from core.tests.sockets import session_cookie
    from drills.desk import AGENT_EMAIL

    train_from_intents()
    with connection.cursor() as cursor:
        # The drills' daphne shares Redis with whatever else runs on this machine, and
        # Redis pub/sub ignores database numbers: ticket ids no other database has
        # keep the drills' groups (`ticket.<id>`) to themselves.
        start = random.randrange(10**12, 10**13)  # noqa: S311 (not a secret)
        cursor.execute("SELECT setval('tickets_ticket_id_seq', %s)", [start])
    agent = User.objects.create_user(email=AGENT_EMAIL, full_name="Dana Drill", is_staff=True)
    agent.groups.add(ensure_roles()[AGENTS])
    cookies = {}
    for group in groups:
        users = [
            User.objects.create_user(email=f"drill-{group}-{n:02}@example.com",
                                     full_name=f"Drill {group.upper()} {n:02}")
            for n in range(CUSTOMERS_PER_GROUP)
        ]  # fmt: skip
        cookies[group] = [session_cookie(user) for user in users]
    sys.stdout.write(json.dumps(cookies))


if __name__ == "__main__":
    main(sys.argv[1:])
