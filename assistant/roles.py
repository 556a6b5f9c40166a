"""What agents and supervisors may do with the assistant in the admin (see
accounts.roles): supervisors write the help center and teach the assistant its
intents; agents read the articles they point customers to."""

from accounts.roles import AGENTS, SUPERVISORS

VIEW = ["view"]
EDIT = ["view", "add", "change", "delete"]

ROLE_PERMISSIONS = {
    AGENTS: {
        "assistant.article": VIEW,
    },
    SUPERVISORS: {
        "assistant.article": EDIT,
        # An intent's training examples are edited on the intent's own page.
        "assistant.intent": EDIT,
        # Written by training and by the assistant's turns: looked at, never edited.
        "assistant.triagemodelversion": VIEW,
        "assistant.assistantturn": VIEW,
    },
}
