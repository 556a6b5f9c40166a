"""A VIP record id that is not a number is a 404 in the API's error format, never the
website's HTML page."""

import pytest


@pytest.mark.parametrize("path", ["plans", "subscriptions", "credits"])
def test_a_malformed_vip_record_id_is_a_json_404(customer_client, path):
    response = customer_client.get(f"/api/vip/{path}/1.5/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "not_found"
