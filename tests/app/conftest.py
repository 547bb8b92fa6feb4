"""Fixtures of the app tests: a published home, or one where nothing was published yet."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_testkit import write_serving


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A published home (serving.duckdb written) that the app reads through PARTNERLEDGER_HOME."""
    monkeypatch.setenv("PARTNERLEDGER_HOME", str(tmp_path))
    write_serving(tmp_path)
    return tmp_path


@pytest.fixture
def empty_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home where nothing was published yet."""
    monkeypatch.setenv("PARTNERLEDGER_HOME", str(tmp_path))
    return tmp_path
