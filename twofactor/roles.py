"""Who may see and reset staff's second factors (see accounts.roles): supervisors,
besides superusers. Agents manage only their own, from their own page."""

from accounts.roles import SUPERVISORS

ROLE_PERMISSIONS = {
    SUPERVISORS: {"twofactor.authenticator": ["view", "reset"]},
}
