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


def test_cache_url_chooses_redis_or_the_database_cache():
    from iag_portal.settings import cache_from_url

    assert cache_from_url("redis://cache.internal:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
    }
    for url in ("", "db://"):
        assert cache_from_url(url)["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        assert cache_from_url(url)["LOCATION"] == "iag_portal_cache"


def test_a_cache_url_that_is_not_understood_is_a_clear_error():
    result = manage("check", CACHE_URL="memcached://cache:11211")
    assert result.returncode != 0
    assert "CACHE_URL='memcached://cache:11211' is not understood" in result.stderr


def test_storage_options_that_are_not_json_are_a_clear_error():
    result = manage("check", IAG_STORAGE_OPTIONS="bucket=minutes")
    assert result.returncode != 0
    assert "IAG_STORAGE_OPTIONS must be a JSON object" in result.stderr


def test_the_portal_runs_on_a_shared_redis_cache():
    result = manage(
        "shell",
        "-c",
        "from django.core.cache import caches; cache = caches['default']; "
        "cache.set('iag-check', 'shared', 5); print(type(cache).__name__, cache.get('iag-check'))",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert result.returncode == 0, result.stderr
    assert "RedisCache shared" in result.stdout
