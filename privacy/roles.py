"""What the roles may do with erasure requests (accounts.roles gathers this)."""

from accounts.roles import SUPERVISORS

ROLE_PERMISSIONS = {
    # "approve": approve or decline a customer's erasure (privacy.services).
    SUPERVISORS: {"privacy.erasurerequest": ["view", "approve"]},
}
