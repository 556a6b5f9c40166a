"""Every admin list and read-only record page shows invisible and direction-changing
characters as markers, not only the tickets app's: a customer's name in the users'
list, a help article's title (templates/admin/change_list.html, change_form.html)."""

import pytest

from accounts.tests.factories import UserFactory
from assistant.models import Article

pytestmark = pytest.mark.django_db

RLO = "\u202e"


@pytest.fixture
def staff_client(client, superuser):
    client.force_login(superuser)
    return client


def test_the_users_list_marks_a_spoofed_name(staff_client):
    UserFactory(email="eve@example.com", full_name=f"Eve{RLO}gnap")

    html = staff_client.get("/admin/accounts/user/").content.decode()

    assert RLO not in html
    assert 'class="invisible-char"' in html


def test_the_help_articles_list_marks_a_spoofed_title(staff_client):
    Article.objects.create(title=f"Refunds{RLO}txt", body="How refunds work.")

    html = staff_client.get("/admin/assistant/article/").content.decode()

    assert RLO not in html
    assert 'class="invisible-char"' in html
