"""Every setting that changes how the desk behaves keeps its history, and its admin
shows it: escalation rules, SLA policies, business calendars, queues and canned
responses (tickets), plans (vip), intents and help articles (assistant)."""

from decimal import Decimal

import pytest
from django.contrib import admin

from assistant.models import Article, Intent
from tickets.admin_history import SettingHistoryAdmin
from tickets.models import BusinessCalendar, CannedResponse, EscalationRule, Queue, SLAPolicy
from vip import services as vip_services
from vip.models import Plan

SETTINGS = [
    EscalationRule, SLAPolicy, BusinessCalendar, Queue, CannedResponse, Plan, Intent, Article,
]  # fmt: skip


def a_change_of(model):
    """One of its rows, changed once outside any request (by nobody)."""
    if model is Plan:
        plan = Plan(name="VIP", price=Decimal("9"), stripe_price_id="price_1")
        return vip_services.plan_save(plan=vip_services.plan_save(plan=plan))
    if model is Intent:
        row = Intent.objects.create(name="wire", examples="wire\nsend money\nIBAN")
    elif model is Article:
        row = Article.objects.create(title="Transfers", body="Use the IBAN.")
    elif model is CannedResponse:
        row = CannedResponse.objects.create(title="Hello", body="Hello!")
    else:
        row = model.objects.order_by("pk").first()
    row.save()
    return row


@pytest.mark.parametrize("model", SETTINGS, ids=lambda model: model.__name__)
def test_every_setting_keeps_its_history_and_shows_it_in_the_admin(client, supervisor, desk, model):
    row = a_change_of(model)
    client.force_login(supervisor)

    newest = row.history.latest()
    assert newest.history_type == "~"
    assert isinstance(admin.site._registry[model], SettingHistoryAdmin)
    opts = model._meta
    url = f"/admin/{opts.app_label}/{opts.model_name}/{row.pk}/history/"
    assert client.get(url).status_code == 200
    assert client.get(f"{url}{newest.history_id}/diff/").status_code == 200
    assert client.get(f"{url}{newest.history_id}/").status_code == 200
