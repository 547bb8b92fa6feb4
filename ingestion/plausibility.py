"""Plausibility bounds of landing values: the one loader of config/plausibility.yml.

The file (or the one PARTNERLEDGER_PLAUSIBILITY names) is read once per process; a bound
that is not a number is a loud error naming the file and the key.
"""

from __future__ import annotations

import os
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from partnerledger import paths

CONFIG_ENV = "PARTNERLEDGER_PLAUSIBILITY"


def config_file() -> Path:
    return Path(os.environ.get(CONFIG_ENV) or paths.CONFIG_DIR / "plausibility.yml")


@cache
def _load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def _decimal(where: str, value: Any) -> Decimal:
    try:
        out = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{config_file()}: {where} must be a number, not {value!r}") from None
    if not out.is_finite() or out < 0:
        raise ValueError(f"{config_file()}: {where} must be a non-negative number")
    return out


def fx_max_day_change() -> Decimal | None:
    """The largest accepted move of an FX rate from its previous rate (a fraction)."""
    value = (_load(config_file()).get("fx_rates") or {}).get("max_day_change")
    return None if value is None else _decimal("fx_rates.max_day_change", value)
