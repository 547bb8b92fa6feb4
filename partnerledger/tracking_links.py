"""Tracking links in the tracking system's format (docs/reference/tracking-links.md).

The one loader of config/tracking_links.yml (or the file PARTNERLEDGER_TRACKING_LINKS names,
e.g. a test's): per brand the click URL of the tracking system, the brand's domain and its
default landing page. `build_link` validates a partner's input and writes the link.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import yaml

from partnerledger import paths

CONFIG_ENV = "PARTNERLEDGER_TRACKING_LINKS"
SUB_IDS = ("sub1", "sub2", "sub3", "sub4", "sub5")
SUB_ID = re.compile(r"[A-Za-z0-9_-]{0,64}")
MAX_TARGET = 500
_PATH = re.compile(r"/[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]*")
_DOMAIN = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")


class LinkRefused(ValueError):
    """The partner's input cannot make a link; the message says which part and why."""


@dataclass(frozen=True)
class BrandLinks:
    brand_id: str
    base_url: str
    domain: str
    landing: str


def config_file() -> Path:
    return Path(os.environ.get(CONFIG_ENV) or paths.CONFIG_DIR / "tracking_links.yml")


def load_config(path: Path | None = None) -> dict[str, BrandLinks]:
    """Every brand's link settings; a malformed entry is a loud error naming file and brand."""
    path = path or config_file()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: dict[str, BrandLinks] = {}
    for brand_id, entry in (raw.get("brands") or {}).items():
        where = f"{path}: brands.{brand_id}"
        base = urlsplit(str(entry.get("base_url", "")))
        if base.scheme != "https" or not base.hostname or base.query or base.fragment:
            raise ValueError(f"{where}.base_url must be an https URL without query or fragment")
        domain = str(entry.get("domain", "")).lower()
        if not _DOMAIN.fullmatch(domain):
            raise ValueError(f"{where}.domain must be a host name such as brand.example")
        landing = str(entry.get("landing", "/"))
        if not _PATH.fullmatch(landing) or landing.startswith("//"):
            raise ValueError(f"{where}.landing must be a path starting with /")
        out[str(brand_id)] = BrandLinks(str(brand_id), base.geturl(), domain, landing)
    return out


def landing_url(brand: BrandLinks, target: str) -> str:
    """The landing page as an absolute https URL on the brand's domain, or refused.

    `target` is empty (the brand's default page), a relative path (`/promo?x=1`) or an
    https URL whose host is the brand's domain or one of its sub-domains.
    """
    target = (target or "").strip() or brand.landing
    if len(target) > MAX_TARGET:
        raise LinkRefused(f"the landing page is longer than {MAX_TARGET} characters")
    if target.startswith("/") and not target.startswith("//"):
        if not _PATH.fullmatch(target):
            raise LinkRefused("the path holds characters a URL path cannot hold (spaces?)")
        return f"https://{brand.domain}{target}"
    parts = urlsplit(target)
    host = (parts.hostname or "").lower()
    if parts.scheme != "https":
        raise LinkRefused("give a path starting with / or an https:// address")
    if parts.username or parts.password or parts.port:
        raise LinkRefused("the address may not hold a user name, password or port")
    if host != brand.domain and not host.endswith("." + brand.domain):
        raise LinkRefused(f"the address must be on {brand.domain}, the brand's site")
    rest = target[len(f"https://{parts.netloc}") :] or "/"
    if not _PATH.fullmatch(rest):
        raise LinkRefused("the address holds characters a URL cannot hold (spaces?)")
    return f"https://{host}{rest}"


def build_link(
    partner_id: str,
    brand_id: str,
    partner_brands: set[str] | frozenset[str],
    target: str = "",
    subs: dict[str, str] | None = None,
    config: dict[str, BrandLinks] | None = None,
) -> str:
    """The tracking link of `partner_id` on one of its brands: `<base_url>?btag=<partner>`,
    then the non-empty sub1..sub5 in order, then `url=<landing URL>` (all URL-encoded)."""
    if brand_id not in partner_brands:
        raise LinkRefused(f"{brand_id} is not one of your brands")
    config = load_config() if config is None else config
    if brand_id not in config:
        raise ValueError(f"{config_file()}: brand {brand_id} has no tracking link settings")
    brand = config[brand_id]
    subs = subs or {}
    unknown = set(subs) - set(SUB_IDS)
    if unknown:
        raise LinkRefused(f"{', '.join(sorted(unknown))} are not sub-ids (sub1..sub5)")
    params: list[tuple[str, str]] = [("btag", partner_id)]
    for name in SUB_IDS:
        value = (subs.get(name) or "").strip()
        if not SUB_ID.fullmatch(value):
            raise LinkRefused(f"{name} may hold up to 64 of A-Z a-z 0-9 _ - only")
        if value:
            params.append((name, value))
    params.append(("url", landing_url(brand, target)))
    return f"{brand.base_url}?{urlencode(params)}"
