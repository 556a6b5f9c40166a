"""Supervisors give staff their roles (Agents, Supervisors) and deactivate them, and can
do nothing more: no superuser, no single permissions, no other groups, not their own
roles, not a superuser's account. Customers are not staff members."""

import pytest
from django.contrib.auth.models import Group

from accounts.roles import AGENTS, SUPERVISORS
from accounts.tests.factories import UserFactory

STAFF_URL = "/admin/accounts/staffmember/"


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


def change_url(user):
    return f"{STAFF_URL}{user.pk}/change/"


def save(client, member, roles, is_active=True, **extra):
    data = {"full_name": member.full_name, "roles": roles, **extra}
    if is_active:
        data["is_active"] = "on"
    return client.post(change_url(member), data)


def roles_of(user):
    return set(user.groups.values_list("name", flat=True))


def form_errors(response):
    assert response.status_code == 200, "the form should have been refused"
    form = response.context["adminform"].form
    return [str(error) for errors in form.errors.values() for error in errors]


def test_a_supervisor_makes_an_agent_a_supervisor(supervisor_client, agent):
    assert supervisor_client.get(change_url(agent)).status_code == 200

    response = save(supervisor_client, agent, [AGENTS, SUPERVISORS])

    assert response.status_code == 302
    assert roles_of(agent) == {AGENTS, SUPERVISORS}


def test_groups_other_than_the_roles_are_kept(supervisor_client, agent):
    night_shift = Group.objects.create(name="Night shift")
    agent.groups.add(night_shift)

    save(supervisor_client, agent, [SUPERVISORS])

    assert roles_of(agent) == {SUPERVISORS, "Night shift"}


def test_a_supervisor_deactivates_a_staff_member(supervisor_client, agent):
    response = save(supervisor_client, agent, [AGENTS], is_active=False)

    assert response.status_code == 302
    agent.refresh_from_db()
    assert not agent.is_active


def test_a_supervisor_cannot_change_their_own_roles_or_deactivate_themselves(
    supervisor_client, supervisor
):
    own_roles = save(supervisor_client, supervisor, [AGENTS])
    deactivated = save(supervisor_client, supervisor, [SUPERVISORS], is_active=False)

    assert form_errors(own_roles) == ["You cannot change your own roles: ask another supervisor."]
    assert form_errors(deactivated) == ["You cannot deactivate yourself: ask another supervisor."]
    supervisor.refresh_from_db()
    assert (roles_of(supervisor), supervisor.is_active) == ({SUPERVISORS}, True)


def test_nothing_posted_makes_anyone_a_superuser_or_gives_single_permissions(
    supervisor_client, agent
):
    save(supervisor_client, agent, [AGENTS], is_superuser="on", user_permissions=["1"],
         groups=[str(group.pk) for group in Group.objects.all()])  # fmt: skip

    agent.refresh_from_db()
    assert not agent.is_superuser
    assert not agent.user_permissions.exists()
    assert roles_of(agent) == {AGENTS}


def test_a_role_that_is_not_one_of_the_two_is_refused(supervisor_client, agent):
    Group.objects.create(name="Admins")

    response = save(supervisor_client, agent, [AGENTS, "Admins"])

    assert form_errors(response) == [
        "Select a valid choice. Admins is not one of the available choices."
    ]
    assert roles_of(agent) == {AGENTS}


def test_a_supervisor_cannot_escalate_through_users_or_groups(supervisor_client, agent):
    supervisors = Group.objects.get(name=SUPERVISORS)

    user_change = supervisor_client.post(
        f"/admin/accounts/user/{agent.pk}/change/",
        {"email": agent.email, "is_staff": "on", "is_active": "on", "is_superuser": "on"},
    )
    group_change = supervisor_client.post(
        f"/admin/auth/group/{supervisors.pk}/change/", {"name": SUPERVISORS, "permissions": []}
    )

    assert (user_change.status_code, group_change.status_code) == (403, 403)
    assert supervisor_client.get("/admin/auth/group/").status_code == 403
    agent.refresh_from_db()
    assert not agent.is_superuser


def test_a_superusers_account_is_read_only_to_a_supervisor(supervisor_client, superuser):
    page = supervisor_client.get(change_url(superuser))
    response = save(supervisor_client, superuser, [AGENTS], is_active=False)

    assert page.status_code == 200
    assert 'name="roles"' not in page.content.decode()
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert (superuser.is_active, roles_of(superuser)) == (True, set())


def test_customers_are_not_staff_members(supervisor_client, customer, agent):
    listed = supervisor_client.get(STAFF_URL).content.decode()
    opened = supervisor_client.get(change_url(customer))
    changed = save(supervisor_client, customer, [AGENTS])

    assert agent.email in listed
    assert customer.email not in listed
    assert opened.status_code == changed.status_code == 302  # "does not exist", to the index
    customer.refresh_from_db()
    assert not customer.is_staff
    assert roles_of(customer) == set()


def test_agents_do_not_manage_staff(client, agent, supervisor):
    client.force_login(agent)

    assert client.get(STAFF_URL).status_code == 403
    assert save(client, supervisor, [AGENTS]).status_code == 403
    assert roles_of(supervisor) == {SUPERVISORS}


def test_the_staff_list_runs_a_fixed_number_of_queries(
    supervisor_client, agent, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as few:
        assert supervisor_client.get(STAFF_URL).status_code == 200
    for number in range(15):
        member = UserFactory(email=f"staff{number}@example.com", is_staff=True)
        member.groups.add(Group.objects.get(name=AGENTS))

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "staff14@example.com" in supervisor_client.get(STAFF_URL).content.decode()
