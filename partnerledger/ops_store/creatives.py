"""Creatives a brand offers its partners, and each brand's program rules, as entries of the
ops store's hash chain (docs/decisions/032-creatives-and-program-rules.md).

Two chained tables (partnerledger.ops_store.chain.TABLES):
- `creatives`: `published` (payload: title, kind, url, countries, language, notes) and
  `retired` entries; a creative's state is its latest entry;
- `program_rules`: each entry the whole rule set of one brand (rules text, prohibited
  keywords, required disclosures); the latest entry of a brand is in force.

Managers (and admins) write them on the Creatives page; a partner's portal shows the
creatives of the partner's own brands whose countries include the partner's country (no
countries: every country), and the rules of those brands. No landing entity: creatives are
the program's own content, edited by its managers, not a fact a source system sends.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from partnerledger.ops_store import chain

KINDS = ("banner", "landing_page", "text_link", "video", "email_template")
EDITING_ROLES = ("manager", "admin")
MAX_TITLE = 200
MAX_TEXT = 5000
MAX_KEYWORDS = 200
_COUNTRY = re.compile(r"[A-Z]{2}")
_BRAND = re.compile(r"[A-Za-z0-9_.-]{1,50}")


def _check_role(role: str) -> None:
    if role not in EDITING_ROLES:
        raise chain.OpsStoreError(f"role {role!r} cannot edit creatives or program rules")


def _check_brand(brand_id: str) -> str:
    brand_id = (brand_id or "").strip()
    if not _BRAND.fullmatch(brand_id):
        raise chain.OpsStoreError(f"brand {brand_id!r} is not a brand id")
    return brand_id


def _check_url(url: str) -> str:
    # A partner copies this address onto its own site: https only, a host, nothing a
    # browser would run (javascript:, data:) and no spaces or control characters.
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or re.search(r"[\s\x00-\x1f<>\"']", url):
        raise chain.OpsStoreError(f"the creative's address must be an https URL, not {url!r}")
    if len(url) > 2000:
        raise chain.OpsStoreError("the creative's address is longer than 2,000 characters")
    return url


def _countries(countries: Iterable[str]) -> list[str]:
    clean = sorted({c.strip().upper() for c in countries if c and c.strip()})
    bad = [c for c in clean if not _COUNTRY.fullmatch(c)]
    if bad:
        raise chain.OpsStoreError(f"countries are ISO codes of two letters, not {bad}")
    return clean


def _text(value: str, label: str, limit: int, *, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise chain.OpsStoreError(f"a {label} is needed")
    if len(value) > limit:
        raise chain.OpsStoreError(f"the {label} is at most {limit:,} characters")
    return value


def publish_creative(
    home: Path | str,
    brand_id: str,
    title: str,
    kind: str,
    url: str,
    *,
    countries: Iterable[str] = (),
    language: str = "",
    notes: str = "",
    actor: str,
    role: str,
) -> dict[str, Any]:
    """Offer a creative to the partners of `brand_id` (in `countries`, or everywhere)."""
    _check_role(role)
    if kind not in KINDS:
        raise chain.OpsStoreError(f"creative kind {kind!r} is not one of {', '.join(KINDS)}")
    payload = {
        "title": _text(title, "title", MAX_TITLE, required=True),
        "kind": kind,
        "url": _check_url(url),
        "countries": _countries(countries),
        "language": _text(language, "language", 20),
        "notes": _text(notes, "note", MAX_TEXT),
    }
    row = {
        "at": chain.now(),
        "actor": actor,
        "event": "published",
        "creative_id": f"CR-{secrets.token_hex(4).upper()}",
        "brand_id": _check_brand(brand_id),
        "payload_json": chain.canonical_json(payload),
    }
    chain.transaction(home, "creatives", [row])
    return {**row, **payload}


def retire_creative(home: Path | str, creative_id: str, *, actor: str, role: str) -> None:
    """Stop offering a creative (its history stays in the chain)."""
    _check_role(role)
    found = _state(home).get(creative_id)
    if found is None or found["event"] != "published":
        raise chain.OpsStoreError(f"there is no published creative {creative_id!r}")
    row = {
        "at": chain.now(),
        "actor": actor,
        "event": "retired",
        "creative_id": creative_id,
        "brand_id": found["brand_id"],
        "payload_json": found["payload_json"],
    }
    chain.transaction(home, "creatives", [row])


def _state(home: Path | str) -> dict[str, dict[str, Any]]:
    return {r["creative_id"]: r for r in chain.entries(home, "creatives")}


def creatives(home: Path | str, brand_ids: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """Every published creative (of `brand_ids` when given), by brand and title."""
    wanted = None if brand_ids is None else set(brand_ids)
    found = [
        {**r, **json.loads(r["payload_json"])}
        for r in _state(home).values()
        if r["event"] == "published" and (wanted is None or r["brand_id"] in wanted)
    ]
    return sorted(found, key=lambda c: (c["brand_id"], c["title"], c["creative_id"]))


def creatives_for_partner(
    home: Path | str, brand_ids: Iterable[str], country: str | None
) -> list[dict[str, Any]]:
    """What a partner may use: its brands' creatives for its country (or for every country)."""
    country = (country or "").upper()
    return [
        c for c in creatives(home, brand_ids) if not c["countries"] or country in c["countries"]
    ]


def set_program_rules(
    home: Path | str,
    brand_id: str,
    *,
    rules: str,
    prohibited_keywords: Iterable[str],
    disclosures: str,
    actor: str,
    role: str,
) -> dict[str, Any]:
    """Record the rule set in force for a brand's partners from now on."""
    _check_role(role)
    keywords = sorted({k.strip() for k in prohibited_keywords if k and k.strip()}, key=str.lower)
    if len(keywords) > MAX_KEYWORDS or any(len(k) > 100 for k in keywords):
        raise chain.OpsStoreError(f"at most {MAX_KEYWORDS} keywords of 100 characters each")
    payload = {
        "rules": _text(rules, "rules text", MAX_TEXT),
        "prohibited_keywords": keywords,
        "disclosures": _text(disclosures, "disclosure text", MAX_TEXT),
    }
    row = {
        "at": chain.now(),
        "actor": actor,
        "brand_id": _check_brand(brand_id),
        "payload_json": chain.canonical_json(payload),
    }
    chain.transaction(home, "program_rules", [row])
    return {**row, **payload}


def program_rules(home: Path | str, brand_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The rule set in force per brand (brand id -> rules), for the brands that have one."""
    wanted = set(brand_ids)
    latest = {r["brand_id"]: r for r in chain.entries(home, "program_rules")}
    return {
        b: {**r, **json.loads(r["payload_json"])} for b, r in sorted(latest.items()) if b in wanted
    }
