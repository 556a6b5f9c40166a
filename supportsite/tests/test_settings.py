"""Settings are read once at start-up, so each case starts a fresh Python process
with exactly the environment it describes."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x9-production-key-" + "k3y" * 20,
    "ALLOWED_HOSTS": "support.example.com",
}
SHOW_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE']); print(s.CHANNEL_LAYERS['default']['BACKEND']); "
    "print(s.EMAIL_BACKEND); print(s.DEBUG)"
)


def run(args, env, tmp_path):
    clean = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "SYSTEMROOT"}}
    clean.update(DJANGO_SETTINGS_MODULE="supportsite.settings", DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60
    )


def show(env, tmp_path):
    return run(["-c", SHOW_SETTINGS], env, tmp_path)


def test_no_environment_means_sqlite_in_memory_layer_console_email(tmp_path):
    result = show({}, tmp_path)

    assert result.returncode == 0, result.stderr
    engine, layer, email, debug = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert layer == "channels.layers.InMemoryChannelLayer"
    assert email == "django.core.mail.backends.console.EmailBackend"
    assert debug == "True"


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    script = (
        "import django; django.setup(); from django.db import connection; "
        "c = connection.cursor(); c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = run(["-c", script], {}, tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "IMMEDIATE"]


def test_urls_switch_to_postgresql_redis_and_smtp(tmp_path):
    env = {
        "DATABASE_URL": "postgres://app:pw@db.internal:5432/support",
        "REDIS_URL": "redis://cache.internal:6379/0",
        "EMAIL_URL": "smtp://mailer:pw@smtp.internal:587/?tls=True",
    }
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; print(d['ENGINE'], d['HOST'], d['CONN_HEALTH_CHECKS'],"
        " d['OPTIONS']['pool']['max_size']); "
        "h = s.CHANNEL_LAYERS['default']['CONFIG']['hosts'][0]; "
        "print(s.CHANNEL_LAYERS['default']['BACKEND'], h['socket_timeout']); "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_USE_TLS)"
    )
    result = run(["-c", script], env, tmp_path)

    assert result.returncode == 0, result.stderr
    database, layer, email = result.stdout.strip().splitlines()
    assert database == "django.db.backends.postgresql db.internal True 20"
    assert layer == "core.channel_layer.ResilientPubSubChannelLayer 2.0"
    assert email == "django.core.mail.backends.smtp.EmailBackend smtp.internal True"


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY must be set when DEBUG is off"),
        ("ALLOWED_HOSTS", "ALLOWED_HOSTS must be set when DEBUG is off"),
    ],
)
def test_production_without_a_required_setting_fails_loudly(missing, message, tmp_path):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = show(env, tmp_path)

    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("DATABASE_POOL_MAX_SIZE", "lots", "DATABASE_POOL_MAX_SIZE must be a whole number"),
        ("DATABASE_POOL", "perhaps", "DATABASE_POOL must be true or false"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL must be a redis://"),
        ("DATABASE_URL", "mysql://db/x", "DATABASE_URL must be a postgres:// URL"),
        ("DATABASE_URL", "nonsense", "DATABASE_URL is not a valid database URL"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of"),
        ("EMAIL_URL", "smtp+tls://mail.internal", "EMAIL_URL must start with one of"),
        ("REDIS_SOCKET_TIMEOUT", "-1", "REDIS_SOCKET_TIMEOUT must be at least"),
    ],
)
def test_a_malformed_setting_names_the_variable(name, value, message, tmp_path):
    # The database's own settings are read only when a DATABASE_URL is given.
    env = {"DATABASE_URL": "postgres://app@db.internal/support", name: value}

    result = show(env, tmp_path)

    assert result.returncode != 0
    assert message in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_deploy_check_passes_with_production_settings(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_when_security_is_switched_off(tmp_path):
    env = {**PRODUCTION, "SECURE_HSTS_SECONDS": "0", "SECURE_SSL_REDIRECT": "0"}

    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)

    assert result.returncode != 0
    assert "security.W004" in result.stderr
    assert "security.W008" in result.stderr


def test_development_secret_key_is_generated_once_and_kept(tmp_path):
    script = "from django.conf import settings; print(settings.SECRET_KEY)"

    first = run(["-c", script], {}, tmp_path)
    second = run(["-c", script], {}, tmp_path)

    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "dev-secret-key").stat().st_mode & 0o077 == 0


def test_stripe_is_off_without_keys_and_needs_both(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(bool(s.STRIPE_SECRET_KEY), s.STRIPE_API_BASE, s.VIP_PAST_DUE_GRACE_DAYS)"
    )
    off = run(["-c", script], {}, tmp_path)
    half = run(["-c", script], {"STRIPE_SECRET_KEY": "sk_test_x"}, tmp_path)
    bad_days = run(["-c", script], {"VIP_PAST_DUE_GRACE_DAYS": "three"}, tmp_path)
    on = run(
        ["-c", script],
        {"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x",
         "STRIPE_API_BASE": "http://127.0.0.1:12111/", "VIP_PAST_DUE_GRACE_DAYS": "5"},
        tmp_path,
    )  # fmt: skip

    assert off.stdout.split() == ["False", "https://api.stripe.com", "3"], off.stderr
    assert "Set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET" in half.stderr
    assert "VIP_PAST_DUE_GRACE_DAYS must be a whole number" in bad_days.stderr
    assert on.stdout.split() == ["True", "http://127.0.0.1:12111", "5"], on.stderr
