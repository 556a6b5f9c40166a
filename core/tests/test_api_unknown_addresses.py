"""Any address under /api/ that no route takes answers the API's 404, in its error
format, whatever the method: not the website's HTML page (nor a CSRF page for a POST)."""

import pytest
from rest_framework.test import APIClient


@pytest.mark.parametrize(
    "path", ["/api/nothing-here/", "/api/tickets/1.5/", "/api/tickets/1/messages/2/"]
)
@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_unknown_api_address_is_a_json_404(customer, path, method):
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(customer)

    response = getattr(api, method)(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": {"code": "not_found", "message": "Not found."}}
