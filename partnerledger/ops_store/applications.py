"""Self-service applications to the partner program and the managers' decisions on them.

One chained table, `applications` (partnerledger.ops_store.chain.TABLES): `submitted` with
the form as given (payload_json), then `approved` (with the partner id the manager picked and
the login created) or `rejected` (with the reason). An application's state is its latest
entry.

Approval creates the partner's user through partnerledger.ops_store.users: the manager
picks an existing, published partner id (marts.dim_partners). Creating the partner itself
belongs to the back office's landing files (ops/partners), never to this store.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from partnerledger.ops_store import chain, partner_requests, users

TRAFFIC_SOURCES = (
    "seo",
    "ppc",
    "social",
    "email",
    "influencer",
    "media_buying",
    "apps",
    "other",
)
VERTICALS = ("igaming", "forex", "prop")  # the brands' verticals (landing ops/brands)
DECIDING_ROLES = ("manager",)
MAX_TEXT = 200
# The form is public: a flood of applications would bury the managers' queue. At most 3 an
# hour from one client (its address, as the sign-in limits count it) and 30 an hour in all;
# the actor of a submission is `apply:<client>`, so the chain itself is what is counted.
MAX_PER_CLIENT_PER_HOUR = 3
MAX_PER_HOUR = 30
RATE_WINDOW = timedelta(hours=1)
MAX_COUNTRIES = 60
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _text(form: dict[str, Any], field: str, label: str) -> str:
    value = str(form.get(field) or "").strip()
    if not value:
        raise chain.OpsStoreError(f"{label} is required")
    if len(value) > MAX_TEXT:
        raise chain.OpsStoreError(f"{label} is longer than {MAX_TEXT} characters")
    if _CONTROL.search(value):
        raise chain.OpsStoreError(f"{label} holds control characters")
    return value


def _choices(form: dict[str, Any], field: str, allowed: tuple[str, ...], label: str) -> list:
    picked = list(form.get(field) or [])
    if not picked:
        raise chain.OpsStoreError(f"pick at least one of the {label}")
    wrong = [p for p in picked if p not in allowed]
    if wrong:
        raise chain.OpsStoreError(f"{label} {', '.join(map(str, wrong))} are not offered")
    return sorted(set(picked))


def check_application(form: dict[str, Any]) -> dict[str, Any]:
    """The form normalised, or refused saying which field is wrong."""
    email = _text(form, "email", "e-mail").lower()
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        raise chain.OpsStoreError(f"e-mail {email!r} is not an e-mail address")
    countries = sorted({c.strip().upper() for c in form.get("countries") or [] if c.strip()})
    if not countries:
        raise chain.OpsStoreError("name at least one country you send traffic from")
    if len(countries) > MAX_COUNTRIES:
        raise chain.OpsStoreError(f"name at most {MAX_COUNTRIES} countries")
    wrong = [c for c in countries if not _COUNTRY.fullmatch(c)]
    if wrong:
        raise chain.OpsStoreError(
            f"countries {', '.join(wrong[:5])} are not ISO 3166 alpha-2 codes (e.g. DE, MT)"
        )
    method = str(form.get("payout_method") or "")
    details = partner_requests.check_payout_details(method, dict(form.get("payout_details") or {}))
    return {
        "company": _text(form, "company", "company"),
        "contact_name": _text(form, "contact_name", "contact name"),
        "email": email,
        "traffic_sources": _choices(form, "traffic_sources", TRAFFIC_SOURCES, "traffic sources"),
        "verticals": _choices(form, "verticals", VERTICALS, "verticals"),
        "countries": countries,
        "payout_method": method,
        "payout_details": details,
    }


def _state(home: Path | str) -> dict[str, dict[str, Any]]:
    state: dict[str, dict[str, Any]] = {}
    for r in chain.entries(home, "applications"):
        if r["event"] == "submitted":
            state[r["application_id"]] = {
                **r,
                "state": "submitted",
                "submitted_at": r["at"],
                "form": json.loads(r["payload_json"]),
            }
        else:
            state[r["application_id"]] = {
                **state[r["application_id"]],
                "state": r["event"],
                "decided_at": r["at"],
                "decided_by": r["actor"],
                "partner_id": r["partner_id"],
                "login": r["login"],
                "reason": r["reason"],
            }
    return state


def _check_rate(home: Path | str, client: str, now: datetime) -> None:
    since = now - RATE_WINDOW
    recent = [
        r
        for r in chain.entries(home, "applications")
        if r["event"] == "submitted" and datetime.fromisoformat(str(r["at"])) >= since
    ]
    if sum(r["actor"] == f"apply:{client}" for r in recent) >= MAX_PER_CLIENT_PER_HOUR:
        raise chain.OpsStoreError(
            f"at most {MAX_PER_CLIENT_PER_HOUR} applications an hour can be sent from one "
            "place: try again later"
        )
    if len(recent) >= MAX_PER_HOUR:
        raise chain.OpsStoreError("the program takes no more applications this hour: try later")


def submit_application(
    home: Path | str, form: dict[str, Any], *, client: str = "unknown"
) -> dict[str, Any]:
    """Store a checked application in the onboarding queue; returns it with its id.

    Refused while another application of the same e-mail waits for a decision, and beyond
    the hourly limits per client and in all.
    """
    clean = check_application(form)
    _check_rate(home, client, datetime.fromisoformat(str(chain.now())))
    waiting = [a for a in _state(home).values() if a["state"] == "submitted"]
    if any(a["form"]["email"] == clean["email"] for a in waiting):
        raise chain.OpsStoreError(
            "an application with this e-mail is waiting for a decision already"
        )
    # a random id: the form is public, so ids must not tell how many others applied
    application_id = f"APP-{secrets.token_hex(4).upper()}"
    row = {
        "at": chain.now(),
        "actor": f"apply:{client}",
        "event": "submitted",
        "application_id": application_id,
        "payload_json": chain.canonical_json(clean),
    }
    chain.transaction(home, "applications", [row])
    return {**row, "form": clean}


def applications(home: Path | str, state: str | None = None) -> list[dict[str, Any]]:
    """Every application with its current state (or those in `state`), oldest first."""
    return [a for a in _state(home).values() if state is None or a["state"] == state]


def _waiting(home: Path | str, application_id: str, role: str) -> dict[str, Any]:
    if role not in DECIDING_ROLES:
        raise chain.OpsStoreError(f"role {role!r} cannot decide applications")
    found = _state(home).get(application_id)
    if found is None:
        raise chain.OpsStoreError(f"there is no application {application_id}")
    if found["state"] != "submitted":
        raise chain.OpsStoreError(f"application {application_id} is {found['state']} already")
    return found


def approve_application(
    home: Path | str, application_id: str, partner_id: str, login: str, *, actor: str, role: str
) -> dict[str, Any]:
    """Approve: create the partner user of `partner_id` (a published partner) with a random
    one-time password (to be changed at first sign-in), record the decision and the
    applicant's payout details.

    Returns the user and `password` in clear, to be shown once and handed to the partner.
    """
    found = _waiting(home, application_id, role)
    password = secrets.token_urlsafe(12)
    user = users.add_user(
        home,
        login,
        "partner",
        password,
        partner_id=partner_id,
        display_name=found["form"]["company"],
        one_time=True,
        actor=actor,
    )
    chain.transaction(
        home,
        "applications",
        [
            {
                "at": chain.now(),
                "actor": actor,
                "event": "approved",
                "application_id": application_id,
                "partner_id": partner_id,
                "login": user["login"],
            }
        ],
    )
    if partner_requests.payout_details(home, partner_id) is None:
        form = found["form"]
        partner_requests.set_payout_details(
            home, partner_id, form["payout_method"], form["payout_details"], actor=actor
        )
    return {**user, "password": password}


def reject_application(
    home: Path | str, application_id: str, reason: str, *, actor: str, role: str
) -> None:
    """Reject with a reason (kept in the audit log)."""
    if not (reason or "").strip():
        raise chain.OpsStoreError("a rejection needs a reason: it is kept in the audit log")
    _waiting(home, application_id, role)
    chain.transaction(
        home,
        "applications",
        [
            {
                "at": chain.now(),
                "actor": actor,
                "event": "rejected",
                "application_id": application_id,
                "reason": reason.strip()[:500],
            }
        ],
    )
