"""Who sees the reports (see accounts.roles): supervisors see the whole desk; an
agent, without this permission, sees their own figures only (reports.views)."""

from accounts.roles import SUPERVISORS

ROLE_PERMISSIONS = {
    SUPERVISORS: {"reports.report": ["view"]},
}
