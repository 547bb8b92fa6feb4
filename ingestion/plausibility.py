"""Plausibility bounds of landing values: the one loader of config/plausibility.yml.

The file (or the one PARTNERLEDGER_PLAUSIBILITY names) is parsed once per version; a bound
that is not a number is a loud error naming the file and the key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from partnerledger import paths

CONFIG_ENV = "PARTNERLEDGER_PLAUSIBILITY"


def config_file() -> Path:
    return Path(os.environ.get(CONFIG_ENV) or paths.CONFIG_DIR / "plausibility.yml")


def _load(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    stat = path.stat()
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@cache
def _parsed(path: Path, _mtime_ns: int, _size: int) -> dict[str, Any]:
    # Keyed by modification time and size too: an edited file is read again.
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


@dataclass(frozen=True)
class Bound:
    entity: str
    column: str
    kind: str  # max | min
    value: Decimal

    @property
    def name(self) -> str:
        return f"{self.entity}.{self.column}.{self.kind}"


def bounds() -> list[Bound]:
    """Every configured bound; an unknown entity, column or kind is a loud error."""
    from ingestion.entities import ENTITIES  # entities is data; imported late to stay light

    out: list[Bound] = []
    for entity, columns in (_load(config_file()).get("bounds") or {}).items():
        if entity not in ENTITIES:
            raise ValueError(f"{config_file()}: bounds.{entity} is not a landing entity")
        for column, limits in (columns or {}).items():
            if column not in ENTITIES[entity].column_names:
                raise ValueError(f"{config_file()}: bounds.{entity}.{column} is not a column")
            for kind, value in (limits or {}).items():
                if kind not in ("max", "min"):
                    raise ValueError(
                        f"{config_file()}: bounds.{entity}.{column}.{kind}: max or min"
                    )
                where = f"bounds.{entity}.{column}.{kind}"
                out.append(Bound(entity, column, kind, _decimal(where, value)))
    return out


def bound_reasons(entity_name: str, column_names: list[str]) -> list[str]:
    """SQL reasons (NULL when the row is within bounds) over the typed stage columns __t{i}."""
    out = []
    for b in bounds():
        if b.entity != entity_name:
            continue
        i = column_names.index(b.column)
        op, word = (">", "above") if b.kind == "max" else ("<", "below")
        limit = format(b.value, "f")
        # The value as the file wrote it (__v), compared as typed (__t).
        out.append(
            f"case when __t{i} {op} {limit} then '{b.column}: ' || __v{i} "
            f"|| ' is {word} the plausibility bound {limit} ({b.name} in plausibility.yml)' end"
        )
    return out
