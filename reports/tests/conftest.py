import pytest

from accounts.tests.factories import UserFactory
from reports.tests import desk as hand_built


@pytest.fixture
def vip_customer(db):
    return UserFactory(email="maya@example.com", full_name="Maya Vip")


@pytest.fixture
def known_desk(customer, vip_customer, agent, colleague):
    """The hand-built desk of reports.tests.desk: its tickets by name."""
    return hand_built.build(
        customer=customer, vip_customer=vip_customer, agent=agent, colleague=colleague
    )


@pytest.fixture
def supervisor_client(client, supervisor):
    client.force_login(supervisor)
    return client


@pytest.fixture
def agent_client(client, agent):
    client.force_login(agent)
    return client
