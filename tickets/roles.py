"""What agents and supervisors may do with tickets in the admin (see accounts.roles)."""

from accounts.roles import AGENTS, SUPERVISORS

VIEW = ["view"]
EDIT = ["view", "add", "change", "delete"]

ROLE_PERMISSIONS = {
    AGENTS: {
        # Agents work tickets (claim, reply, solve) through the services.
        "tickets.ticket": ["view", "change"],
        "tickets.message": VIEW,
        "tickets.ticketevent": VIEW,
        "tickets.slabreach": VIEW,
        "tickets.queue": VIEW,
        "tickets.tag": VIEW,
        "tickets.cannedresponse": VIEW,
        "tickets.csatrating": VIEW,
        "tickets.agentstatus": ["view", "change"],
    },
    SUPERVISORS: {
        "tickets.ticket": ["view", "change"],
        "tickets.message": VIEW,
        "tickets.ticketevent": VIEW,
        "tickets.slabreach": VIEW,
        "tickets.csatrating": VIEW,
        "tickets.queue": EDIT,
        "tickets.tag": EDIT,
        "tickets.cannedresponse": EDIT,
        "tickets.agentstatus": EDIT,
        "tickets.slapolicy": EDIT,
        "tickets.businesscalendar": EDIT,
        "tickets.escalationrule": EDIT,
    },
}
