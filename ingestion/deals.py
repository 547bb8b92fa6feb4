"""Deal versions: nested terms flattened in Python (deals are small master data).

A deals file (csv/jsonl/parquet with `terms` as JSON text, or a .json array / .yaml list)
becomes an all-text Arrow table with one row per deal version: the file's own columns, the
flattened scalar terms (`__t_<column>` of DEAL_TERM_COLUMNS), a `__terms_reason` (NULL when
the terms are valid) and `__line`. The SQL validation of ingestion/validation.py then types
and checks the base columns exactly as for every other entity. Tier bands and symbol-group
rates become separate row lists keyed by `__line`, inserted only for versions that loaded.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import duckdb
import pyarrow as pa
import yaml

from ingestion.entities import DEAL_TERM_COLUMNS, SYMBOL_GROUPS
from ingestion.readers import (
    LandingFile,
    RejectedFile,
    clear_rejects,
    duckdb_reason,
    malformed_rows,
    open_source,
)
from ingestion.reference_codes import ISO_3166_ALPHA2

COMPONENTS = ("cpa", "revshare", "lot_rebate", "spread_share", "challenge", "sub_partner")
COMPONENT_FIELDS = {
    "cpa": {
        "amount",
        "min_first_deposit",
        "min_deposits_total",
        "min_wagered",
        "min_lots",
        "require_kyc",
        "window_days",
        "geo_allowlist",
    },
    "revshare": {"basis", "tier_metric", "tiers", "tier_mode", "negative_carryover"},
    "lot_rebate": {"rates", "override", "override_rates", "min_hold_seconds"},
    "spread_share": {"rate"},
    "challenge": {"rate", "repeat_rate", "clawback_days"},
    "sub_partner": {"rate"},
}
RATE_GROUPS = (*SYMBOL_GROUPS, "default")
TERM_PREFIX = "__t_"


class TermsError(ValueError):
    """A deal version's terms break the contract; the message is the quarantine reason."""


@dataclass
class DealRows:
    table: pa.Table  # __line, file columns, __terms_reason, __t_* (all text)
    columns: list[str]  # the file's own columns
    tiers: list[dict[str, Any]] = field(
        default_factory=list
    )  # __line, deal_id, version, tier_no, tier_from, rate
    rates: list[dict[str, Any]] = field(
        default_factory=list
    )  # __line, deal_id, version, rate_kind, symbol_group, rate


# ---- reading --------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A parsed JSON/YAML scalar as the text a CSV would have carried."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    if isinstance(value, (dict, list)):
        return json.dumps(_jsonable(value))
    return str(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        # Kept as a JSON number; the flattened columns use the exact Decimal, not this copy.
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _read_documents(file: LandingFile) -> list[dict[str, Any]]:
    """A .json array or a .yaml list of deal versions ({deals: [...]} and a single object too)."""
    opener = gzip.open if file.path.name.lower().endswith(".gz") else open
    try:
        with opener(file.path, "rt", encoding="utf-8") as f:
            if file.file_format == "json":
                doc = json.load(f, parse_float=Decimal)
            else:
                doc = yaml.safe_load(f)
    except (ValueError, yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RejectedFile(f"cannot be parsed: {str(exc).splitlines()[0][:300]}") from exc
    if isinstance(doc, dict) and isinstance(doc.get("deals"), list):
        doc = doc["deals"]
    elif isinstance(doc, dict):
        doc = [doc]
    if not isinstance(doc, list) or not all(isinstance(d, dict) for d in doc):
        raise RejectedFile("must hold a list of deal version objects")
    return doc


def read_deal_rows(con: duckdb.DuckDBPyConnection, file: LandingFile) -> DealRows:
    """Every deal version of the file, flattened; records keep their 1-based record number
    (json/yaml/parquet) or their line (csv: header = 1, jsonl)."""
    if file.file_format in ("json", "yaml", "yml"):
        docs = _read_documents(file)
        columns: list[str] = []
        for d in docs:
            for k in d:
                if str(k) not in columns:
                    columns.append(str(k))
        records = [(i + 1, {str(k): v for k, v in d.items()}) for i, d in enumerate(docs)]
    else:
        source = open_source(con, file)
        columns = source.columns
        if source.stores_rejects:
            clear_rejects(con)
        try:
            fetched = con.execute(f"select * from ({source.sql}) order by __line").fetchall()
        except duckdb.Error as exc:
            raise RejectedFile(f"cannot be parsed: {duckdb_reason(exc)}") from exc
        malformed = malformed_rows(con) if source.stores_rejects else []
        if source.broken_sql:
            malformed += con.execute(
                f"select __line, __text, __reason from ({source.broken_sql}) order by __line"
            ).fetchall()
        if malformed:
            # Deal files are small master data: a malformed record rejects the file.
            line, _, reason = malformed[0]
            raise RejectedFile(f"malformed record at line {line}: {reason}")
        records = [(row[0], dict(zip(columns, row[1:]))) for row in fetched]

    terms_key = next((c for c in columns if c.lower() == "terms"), None)
    id_key = next((c for c in columns if c.lower() == "deal_id"), None)
    version_key = next((c for c in columns if c.lower() == "version"), None)
    out: dict[str, list[str | None]] = {
        "__line": [],
        **{c: [] for c in columns},
        "__terms_reason": [],
    }
    for name in DEAL_TERM_COLUMNS:
        out[TERM_PREFIX + name] = []
    tiers: list[dict[str, Any]] = []
    rates: list[dict[str, Any]] = []
    for line, rec in records:
        out["__line"].append(str(line))
        for c in columns:
            out[c].append(_text(rec.get(c)))
        raw_terms = rec.get(terms_key) if terms_key else None
        flat: dict[str, Any] = {}
        reason = None
        bands, group_rates = [], []
        try:
            # Absent terms are reported once, by the SQL required-value check.
            if raw_terms is not None and not (isinstance(raw_terms, str) and not raw_terms.strip()):
                flat, bands, group_rates = flatten_terms(_parse_terms(raw_terms))
        except TermsError as exc:
            reason = str(exc)
            flat, bands, group_rates = {}, [], []
        out["__terms_reason"].append(reason)
        for name in DEAL_TERM_COLUMNS:
            out[TERM_PREFIX + name].append(_text(flat.get(name)))
        deal_id = _text(rec.get(id_key)) if id_key else None
        version = _text(rec.get(version_key)) if version_key else None
        for no, (tier_from, rate) in enumerate(bands, start=1):
            tiers.append(
                {
                    "__line": line,
                    "deal_id": deal_id,
                    "version": version,
                    "tier_no": no,
                    "tier_from": tier_from,
                    "rate": rate,
                }
            )
        for kind, group, rate in group_rates:
            rates.append(
                {
                    "__line": line,
                    "deal_id": deal_id,
                    "version": version,
                    "rate_kind": kind,
                    "symbol_group": group,
                    "rate": rate,
                }
            )
    table = pa.table({k: pa.array(v, type=pa.string()) for k, v in out.items()})
    return DealRows(table, columns, tiers, rates)


# ---- terms ----------------------------------------------------------------------------------


def _parse_terms(raw: Any) -> dict[str, Any]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise TermsError("terms: required value missing")
    if isinstance(raw, str):
        try:
            raw = json.loads(raw, parse_float=Decimal)
        except ValueError as exc:
            raise TermsError(f"terms: not a JSON object ({exc.msg} at char {exc.pos})") from exc
    if not isinstance(raw, dict):
        raise TermsError("terms: must be an object of components")
    if not raw:
        raise TermsError("terms: no component (expected any of " + "|".join(COMPONENTS) + ")")
    return raw


def _num(
    where: str, value: Any, *, required: bool = False, max_one: bool = False
) -> Decimal | None:
    """A non-negative decimal (rates, amounts, thresholds); share rates are at most 1."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise TermsError(f"{where}: required value missing")
        return None
    if isinstance(value, bool):
        raise TermsError(f"{where}: {value!r} is not a decimal number")
    try:
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise TermsError(f"{where}: '{value}' is not a decimal number") from exc
    if not d.is_finite():
        raise TermsError(f"{where}: '{value}' is not a decimal number")
    if d < 0:
        raise TermsError(f"{where}: {value} is negative")
    if max_one and d > 1:
        raise TermsError(f"{where}: {value} is above 1 (rates are fractions: 0.25 = 25%)")
    return d


def _int(where: str, value: Any) -> int | None:
    d = _num(where, value)
    if d is None:
        return None
    if d != d.to_integral_value():
        raise TermsError(f"{where}: '{value}' is not a whole number")
    return int(d)


def _bool(where: str, value: Any) -> bool | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    raise TermsError(f"{where}: '{value}' is not a boolean (true/false, 1/0, yes/no)")


def _enum(
    where: str, value: Any, allowed: tuple[str, ...], default: str | None = None
) -> str | None:
    if value is None or value == "":
        return default
    if str(value) not in allowed:
        raise TermsError(f"{where}: '{value}' is not one of {'|'.join(allowed)}")
    return str(value)


def _object(where: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TermsError(f"{where}: must be an object")
    return value


def _group_rates(where: str, value: Any, kind: str) -> list[tuple[str, str, Decimal]]:
    rates = _object(where, value)
    if not rates:
        raise TermsError(f"{where}: no rate given")
    out = []
    for group, rate in rates.items():
        if group not in RATE_GROUPS:
            raise TermsError(f"{where}: '{group}' is not one of {'|'.join(RATE_GROUPS)}")
        out.append((kind, str(group), _num(f"{where}.{group}", rate, required=True)))
    return out


def flatten_terms(
    terms: dict[str, Any],
) -> tuple[dict[str, Any], list[tuple[Decimal, Decimal]], list[tuple[str, str, Decimal]]]:
    """(scalar term columns, revshare bands (from, rate), lot rebate (kind, group, rate)).

    Raises TermsError with the first problem found, named by its path in the terms.
    """
    flat: dict[str, Any] = {f"has_{c}": False for c in COMPONENTS}
    bands: list[tuple[Decimal, Decimal]] = []
    group_rates: list[tuple[str, str, Decimal]] = []
    for comp, body in terms.items():
        if comp not in COMPONENTS:
            raise TermsError(f"terms: unknown component '{comp}' (known: {'|'.join(COMPONENTS)})")
        where = f"terms.{comp}"
        body = _object(where, body)
        unknown = sorted(set(body) - COMPONENT_FIELDS[comp])
        if unknown:
            raise TermsError(f"{where}: unknown field(s) {', '.join(unknown)}")
        flat[f"has_{comp}"] = True
        if comp == "cpa":
            flat["cpa_amount"] = _num(f"{where}.amount", body.get("amount"), required=True)
            for f in ("min_first_deposit", "min_deposits_total", "min_wagered", "min_lots"):
                flat[f"cpa_{f}"] = _num(f"{where}.{f}", body.get(f))
            flat["cpa_require_kyc"] = _bool(f"{where}.require_kyc", body.get("require_kyc"))
            flat["cpa_window_days"] = _int(f"{where}.window_days", body.get("window_days"))
            geo = body.get("geo_allowlist")
            if isinstance(geo, str):
                geo = [g.strip() for g in geo.split(";") if g.strip()]
            if geo is not None:
                if not isinstance(geo, list):
                    raise TermsError(
                        f"{where}.geo_allowlist: must be a list of ISO 3166 alpha-2 codes"
                    )
                bad = [str(g) for g in geo if str(g) not in ISO_3166_ALPHA2]
                if bad:
                    raise TermsError(
                        f"{where}.geo_allowlist: {', '.join(bad)} not ISO 3166 alpha-2"
                    )
                flat["cpa_geo_allowlist"] = ";".join(str(g) for g in geo)
        elif comp == "revshare":
            flat["revshare_basis"] = _enum(f"{where}.basis", body.get("basis"), ("ngr",))
            flat["revshare_tier_metric"] = _enum(
                f"{where}.tier_metric", body.get("tier_metric"), ("ngr", "ftd_count")
            )
            flat["revshare_tier_mode"] = _enum(
                f"{where}.tier_mode", body.get("tier_mode"), ("whole", "progressive")
            )
            flat["revshare_negative_carryover"] = _bool(
                f"{where}.negative_carryover", body.get("negative_carryover")
            )
            tiers = body.get("tiers")
            if not isinstance(tiers, list) or not tiers:
                raise TermsError(f"{where}.tiers: required, a non-empty list of {{from, rate}}")
            previous: Decimal | None = None
            for i, tier in enumerate(tiers):
                tw = f"{where}.tiers[{i}]"
                tier = _object(tw, tier)
                start = _num(f"{tw}.from", tier.get("from"), required=True)
                rate = _num(f"{tw}.rate", tier.get("rate"), required=True, max_one=True)
                if previous is not None and start <= previous:
                    raise TermsError(
                        f"{tw}.from: {start} is not above the previous band's {previous} (sort tiers by from)"
                    )
                previous = start
                bands.append((start, rate))
        elif comp == "lot_rebate":
            if "rates" not in body:
                raise TermsError(f"{where}.rates: required value missing")
            group_rates.extend(_group_rates(f"{where}.rates", body.get("rates"), "rebate"))
            override = _enum(
                f"{where}.override", body.get("override"), ("none", "difference", "fixed"), "none"
            )
            flat["lot_rebate_override"] = override
            if override == "fixed":
                if "override_rates" not in body:
                    raise TermsError(f"{where}.override_rates: required when override is fixed")
                group_rates.extend(
                    _group_rates(f"{where}.override_rates", body.get("override_rates"), "override")
                )
            elif body.get("override_rates") is not None:
                raise TermsError(f"{where}.override_rates: only allowed with override: fixed")
            flat["lot_rebate_min_hold_seconds"] = _int(
                f"{where}.min_hold_seconds", body.get("min_hold_seconds")
            )
        elif comp == "spread_share":
            flat["spread_share_rate"] = _num(
                f"{where}.rate", body.get("rate"), required=True, max_one=True
            )
        elif comp == "challenge":
            rate = _num(f"{where}.rate", body.get("rate"), required=True, max_one=True)
            repeat = _num(f"{where}.repeat_rate", body.get("repeat_rate"), max_one=True)
            flat["challenge_rate"] = rate
            flat["challenge_repeat_rate"] = rate if repeat is None else repeat  # absent = rate
            flat["challenge_clawback_days"] = _int(
                f"{where}.clawback_days", body.get("clawback_days")
            )
        elif comp == "sub_partner":
            flat["sub_partner_rate"] = _num(
                f"{where}.rate", body.get("rate"), required=True, max_one=True
            )
    return flat, bands, group_rates


def terms_typed_exprs() -> list[str]:
    """SQL casting the flattened `__t_*` text columns to raw.deals' term column types."""
    return [
        f'cast("{TERM_PREFIX}{name}" as {sql_type})' for name, sql_type in DEAL_TERM_COLUMNS.items()
    ]
