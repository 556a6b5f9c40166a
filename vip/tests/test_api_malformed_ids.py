"""A VIP record id that is not a number is a 404 in the API's error format, never the
website's HTML page."""

import pytest


@pytest.mark.parametrize("path", ["plans", "subscriptions", "credits"])
def test_a_malformed_vip_record_id_is_a_json_404(customer_client, path):
    response = customer_client.get(f"/api/vip/{path}/1.5/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"


def test_a_plan_answers_at_its_own_address_only(customer_client, plan):
    arabic_indic = str(plan.pk).translate(
        str.maketrans("0123456789", "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
    )

    assert customer_client.get(f"/api/vip/plans/{plan.pk}/").status_code == 200
    for other in [arabic_indic, f"+{plan.pk}"]:
        assert customer_client.get(f"/api/vip/plans/{other}/").status_code == 404, other
