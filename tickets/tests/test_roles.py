from accounts.roles import AGENTS, SUPERVISORS, ensure_roles


def permissions_of(group):
    return set(group.permissions.values_list("content_type__app_label", "codename"))


def test_agents_can_work_tickets_but_not_edit_the_rules(db):
    agents = permissions_of(ensure_roles()[AGENTS])

    assert ("tickets", "change_ticket") in agents
    assert ("tickets", "view_cannedresponse") in agents
    assert ("tickets", "change_escalationrule") not in agents
    assert ("accounts", "view_purchase") in agents


def test_supervisors_edit_rules_policies_and_queues(db):
    supervisors = permissions_of(ensure_roles()[SUPERVISORS])

    for codename in [
        "change_escalationrule",
        "add_slapolicy",
        "change_queue",
        "add_cannedresponse",
    ]:
        assert ("tickets", codename) in supervisors
    assert ("tickets", "delete_ticket") not in supervisors


def test_ensure_roles_can_run_again(db):
    first = {name: permissions_of(group) for name, group in ensure_roles().items()}

    assert {name: permissions_of(group) for name, group in ensure_roles().items()} == first


def test_an_agent_switches_only_their_own_availability(client, agent, supervisor):
    from tickets import services

    own = services.agent_set_availability(agent=agent, available=False)
    other = services.agent_set_availability(agent=supervisor, available=False)
    client.force_login(agent)

    mine = client.post(f"/admin/tickets/agentstatus/{own.pk}/change/", {"is_available": "on"})
    theirs = client.post(f"/admin/tickets/agentstatus/{other.pk}/change/", {"is_available": "on"})

    assert mine.status_code == 302
    assert theirs.status_code == 403
    own.refresh_from_db()
    other.refresh_from_db()
    assert own.is_available is True
    assert other.is_available is False
