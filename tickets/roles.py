"""What agents and supervisors may do with tickets (see accounts.roles). The services
ask `may_work` and `may_assign`; the admin and the API only show what they allow."""

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
        # "assign": give a ticket to a colleague, or take it from one.
        "tickets.ticket": ["view", "change", "assign"],
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
        "tickets.openinghours": EDIT,  # a calendar's hours, edited on its page
        "tickets.escalationrule": EDIT,
    },
}


def may_work(user) -> bool:
    """Claim, reply, change priority, queue and tags, merge, open for a customer."""
    return bool(
        user and user.is_active and user.is_staff and user.has_perm("tickets.change_ticket")
    )


def may_assign(user) -> bool:
    """Give a ticket to someone else, or take it from whoever has it."""
    return may_work(user) and user.has_perm("tickets.assign_ticket")
