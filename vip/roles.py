"""What agents and supervisors may do with VIP in the admin (see accounts.roles)."""

from accounts.roles import AGENTS, SUPERVISORS

VIEW = ["view"]

ROLE_PERMISSIONS = {
    AGENTS: {
        "vip.plan": VIEW,
        "vip.subscription": VIEW,
        "vip.complimentarygrant": VIEW,
        "vip.servicecredit": VIEW,
        "vip.vipevent": VIEW,
    },
    SUPERVISORS: {
        "vip.plan": ["view", "add", "change", "delete"],
        # Grants are audit records: revoked, never deleted.
        "vip.complimentarygrant": ["view", "add", "change"],
        "vip.subscription": VIEW,
        "vip.stripecustomer": VIEW,
        # "change" is the right to retry a credit that was not applied.
        "vip.servicecredit": ["view", "change"],
        "vip.stripeevent": VIEW,
        "vip.vipevent": VIEW,
    },
}
