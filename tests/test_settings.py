"""Production settings fail loudly and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "-production-secret-key-for-the-check-only-0123456789"


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        | {"DATABASE_URL": "sqlite:///:memory:"}
        | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_without_a_secret_key_stops_with_a_clear_error():
    result = manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="iag.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_is_a_clear_error():
    result = manage("check", DJANGO_DEBUG="maybe")
    assert result.returncode != 0
    assert "DJANGO_DEBUG='maybe' is not a boolean" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS="iag.example.org",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
