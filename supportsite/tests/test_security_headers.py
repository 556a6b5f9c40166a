import pytest


@pytest.mark.django_db
def test_pages_carry_a_csp_without_inline_scripts(client):
    response = client.get("/login/")

    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_forms_reject_a_post_without_csrf_token(customer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)

    response = client.post("/login/", {"username": customer.email, "password": "x"})

    assert response.status_code == 403
