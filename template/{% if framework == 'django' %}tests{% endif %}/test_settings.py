"""Settings as production loads them: checked in a fresh process, as a deployment would."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "",
        "ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "api.example.com",
        **env,
    }
    environment.pop("DJANGO_SETTINGS_MODULE")
    return subprocess.run(  # noqa: S603  (our own manage.py, no shell)
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_djangos_deployment_checks() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "secret_key", ["", "too-short", "change-me-to-a-long-random-string"],
    ids=["missing", "short", "example"],
)  # fmt: skip
def test_a_weak_secret_key_is_refused_at_start(secret_key: str) -> None:
    result = manage("check", SECRET_KEY=secret_key)

    assert result.returncode != 0
    assert "SECRET_KEY must be a random string" in result.stderr
