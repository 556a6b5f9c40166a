"""What the roles may do with the assistant (assistant.roles, gathered by
accounts.roles): supervisors edit articles and intents; agents read articles."""

from accounts.roles import AGENTS, SUPERVISORS, ensure_roles


def assistant_permissions(group):
    return set(
        group.permissions.filter(content_type__app_label="assistant").values_list(
            "codename", flat=True
        )
    )


def test_supervisors_edit_articles_and_intents_and_look_at_the_rest(db):
    supervisors = assistant_permissions(ensure_roles()[SUPERVISORS])

    for action in ["view", "add", "change", "delete"]:
        assert f"{action}_article" in supervisors
        assert f"{action}_intent" in supervisors
    assert {"view_triagemodelversion", "view_assistantturn"} <= supervisors
    assert "change_triagemodelversion" not in supervisors


def test_agents_only_read_articles(db):
    assert assistant_permissions(ensure_roles()[AGENTS]) == {"view_article"}
