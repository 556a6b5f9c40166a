import pytest

from supportsite.tests.test_settings import run

UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "core.channel_layer.ResilientPubSubChannelLayer",
        "CONFIG": {"hosts": [{"address": "redis://127.0.0.1:1/0", "socket_connect_timeout": 0.5}]},
    }
}


@pytest.mark.django_db
def test_healthz_answers_200_with_each_check(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "channel_layer": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_channel_layer_is_down(client, settings):
    settings.CHANNEL_LAYERS = UNREACHABLE_REDIS

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "channel_layer": "down"}


def test_healthz_answers_503_when_the_database_is_down(tmp_path):
    """A whole process pointed at a PostgreSQL port where nothing listens."""
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client(HTTP_HOST='localhost').get('/healthz'); "
        "print(r.status_code, r.json()['checks']['database'])"
    )
    env = {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/none", "DATABASE_POOL": "0"}

    result = run(["-c", script], env, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["503", "down"]


@pytest.mark.django_db
def test_healthz_is_read_only(client):
    assert client.post("/healthz").status_code == 405
