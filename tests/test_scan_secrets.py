"""tools/scan_secrets.py, run by `make lint`: the repository holds no secrets, and the scanner
does find each kind (the samples are assembled at run time so this file holds none itself)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location(
    "scan_secrets", Path(__file__).resolve().parent.parent / "tools" / "scan_secrets.py"
)
scan = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(scan)

SAMPLES = {
    "private key": "-----BEGIN RSA " + "PRIVATE KEY-----",
    "AWS access key id": "key = AKIA" + "ABCDEFGHIJKLMNOP",
    "GitHub token": "ghp_" + "a1B2" * 9,
    "credentials in a URL": "postgres://app:" + "hunter22@db.internal/x",
    "password or secret assigned": 'DB_PASSWORD = "' + 'Tr0ub4dor&3"',
}


@pytest.mark.parametrize("kind", SAMPLES)
def test_each_kind_of_secret_is_found_and_named_without_its_value(kind: str) -> None:
    finds = scan.scan_text("conf.py", f"x\n{SAMPLES[kind]}\n", set())
    assert f"conf.py:2: {kind}" in finds
    assert not any(SAMPLES[kind] in f for f in finds)


def test_an_allowed_test_password_is_allowed_only_in_its_file() -> None:
    line = 'PASSWORD = "' + 'correct-horse-battery"'
    allow = {("tests/payouts/test_users.py", "correct-horse-battery")}
    assert scan.scan_text("tests/payouts/test_users.py", line, allow) == []
    assert scan.scan_text("app/auth.py", line, allow) == [
        "app/auth.py:1: password or secret assigned"
    ]


def test_the_repository_holds_no_secrets(capsys: pytest.CaptureFixture[str]) -> None:
    assert scan.main() == 0, capsys.readouterr().out
