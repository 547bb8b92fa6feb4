"""What a partner asks of the program: its payout details and payout requests.

Three chained tables (partnerledger.ops_store.chain.TABLES):
- `payout_details`: each entry is the partner's whole payout method and details after one
  change (the current details are the latest entry; the history is the audit trail);
- `payout_flags`: review flags finance sees before paying. Every details change raises
  `payout_details_changed` in the same transaction (with a partner notice), and the flag
  stays open until finance or a manager clears it after confirming with the partner;
- `payout_requests`: a partner's request to be paid its available balance early; one open
  request per partner, closed by finance (paid or refused) or cancelled by the partner.

The available balance is the balance the program lets a partner ask for (`available_balance`,
the one place that rule is written): what its newest published payout carried forward
below its payout threshold (docs/decisions/017-portal-self-service.md).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import duckdb

from partnerledger import paths
from partnerledger.ops_store import chain, notices

# Each method's fields: name -> (pattern the normalised value must match, max length, label).
_TEXT = re.compile(r"[^\x00-\x1f\x7f]+")
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
METHODS: dict[str, dict[str, tuple[re.Pattern[str], int, str]]] = {
    "bank_transfer": {
        "account_holder": (_TEXT, 100, "account holder"),
        "iban": (re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}"), 34, "IBAN"),
        "bic": (re.compile(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?"), 11, "BIC"),
    },
    "e_wallet": {
        "provider": (re.compile(r"skrill|neteller|paypal"), 20, "provider"),
        "wallet_email": (_EMAIL, 254, "wallet e-mail"),
    },
    "crypto": {
        "network": (re.compile(r"BTC|ETH|USDT-ERC20|USDT-TRC20"), 20, "network"),
        "address": (re.compile(r"[A-Za-z0-9]{26,64}"), 64, "wallet address"),
    },
}
METHOD_LABELS = {"bank_transfer": "Bank transfer", "e_wallet": "E-wallet", "crypto": "Crypto"}
# Each network's address shape (the generic pattern above only bounds the characters).
_ADDRESS = {
    "BTC": re.compile(r"bc1[a-z0-9]{25,59}|[13][a-km-zA-HJ-NP-Z1-9]{25,34}"),
    "ETH": re.compile(r"0x[0-9a-fA-F]{40}"),
    "USDT-ERC20": re.compile(r"0x[0-9a-fA-F]{40}"),
    "USDT-TRC20": re.compile(r"T[1-9A-HJ-NP-Za-km-z]{33}"),
}
DETAILS_CHANGED = "payout_details_changed"
FLAGS = (DETAILS_CHANGED,)
# Who may clear a review flag or close a payout request: the people who pay.
CLEARING_ROLES = ("finance", "manager")
CLOSING_ROLES = ("finance",)
# The payout status whose carried balance a partner may ask for before the threshold is met.
REQUESTABLE_STATUS = "below_threshold"


@dataclass(frozen=True)
class Balance:
    """What a partner may ask to be paid now, in its payout currency, and from which payout."""

    amount: Decimal
    currency: str | None
    payout_id: str | None


@contextmanager
def _writing(home: Path | str) -> Iterator[sqlite3.Connection]:
    """One write transaction over several chained tables (one writer at a time)."""
    con = chain.connect(home)
    try:
        con.execute("begin immediate")
        try:
            yield con
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        chain.write_head(home, con)
    finally:
        con.close()


def _normalise(field: str, value: str) -> str:
    value = (value or "").strip()
    if field in ("iban", "bic"):
        return re.sub(r"\s+", "", value).upper()
    if field == "wallet_email":
        return value.lower()
    return value


def _iban_checksum_ok(iban: str) -> bool:
    # ISO 13616: move the first four characters to the end, letters to 10..35, mod 97 == 1
    digits = "".join(str(int(ch, 36)) for ch in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def check_payout_details(method: str, details: dict[str, str]) -> dict[str, str]:
    """The details normalised (IBAN without spaces, upper case), or refused saying which field."""
    if method not in METHODS:
        raise chain.OpsStoreError(f"payout method {method!r} is not one of {', '.join(METHODS)}")
    fields = METHODS[method]
    unknown = set(details) - set(fields)
    if unknown:
        raise chain.OpsStoreError(
            f"{', '.join(sorted(unknown))} are not fields of {METHOD_LABELS[method]}"
        )
    clean: dict[str, str] = {}
    for field, (pattern, limit, label) in fields.items():
        value = _normalise(field, details.get(field, ""))
        if not value:
            raise chain.OpsStoreError(f"{label} is required for {METHOD_LABELS[method]}")
        if len(value) > limit:
            raise chain.OpsStoreError(f"{label} is longer than {limit} characters")
        if not pattern.fullmatch(value):
            raise chain.OpsStoreError(f"{label} {value!r} is not valid")
        clean[field] = value
    if method == "bank_transfer" and not _iban_checksum_ok(clean["iban"]):
        raise chain.OpsStoreError("IBAN check digits do not match: check the number")
    if method == "crypto" and not _ADDRESS[clean["network"]].fullmatch(clean["address"]):
        raise chain.OpsStoreError(f"wallet address is not a {clean['network']} address")
    return clean


def _details_of(con: sqlite3.Connection, partner_id: str) -> dict[str, Any] | None:
    row = con.execute(
        "select * from payout_details where partner_id = ? order by seq desc limit 1",
        (partner_id,),
    ).fetchone()
    return None if row is None else dict(row)


def set_payout_details(
    home: Path | str, partner_id: str, method: str, details: dict[str, str], *, actor: str
) -> dict[str, Any]:
    """Record the partner's new payout method and details; holds its next payout for review.

    In one transaction: the details entry, a `payout_details_changed` flag finance sees and
    a notice to the partner. The first details a partner gives are flagged too: finance has
    not confirmed them either. Unchanged details are refused (nothing would be reviewed).
    """
    if not partner_id:
        raise chain.OpsStoreError("payout details need the partner id they belong to")
    clean = check_payout_details(method, details)
    details_json = chain.canonical_json(clean)
    with _writing(home) as con:
        before = _details_of(con, partner_id)
        if before and before["method"] == method and before["details_json"] == details_json:
            raise chain.OpsStoreError("these payout details are already the current ones")
        at = chain.now()
        entry = {
            "at": at,
            "actor": actor,
            "partner_id": partner_id,
            "method": method,
            "details_json": details_json,
        }
        chain.append(con, "payout_details", [entry])
        what = "set" if before is None else "changed"
        chain.append(
            con,
            "payout_flags",
            [
                {
                    "at": at,
                    "actor": actor,
                    "event": "raised",
                    "partner_id": partner_id,
                    "flag": DETAILS_CHANGED,
                    "reason": f"payout details {what} to {METHOD_LABELS[method]} by {actor}",
                }
            ],
        )
        chain.append(
            con,
            "notices",
            [
                notices.entry(
                    DETAILS_CHANGED,
                    partner_id,
                    "Your payout details changed",
                    f"Your payout method was {what} to {METHOD_LABELS[method]} at {at[:16]} UTC. "
                    "Your next payout is held until finance has confirmed the change with you. "
                    "If you did not make this change, tell your manager at once.",
                    actor=actor,
                )
            ],
        )
    return {**entry, "details": clean}


def payout_details(home: Path | str, partner_id: str) -> dict[str, Any] | None:
    """The partner's current payout method and details (`details` as a dict), or None."""
    rows = [r for r in chain.entries(home, "payout_details") if r["partner_id"] == partner_id]
    if not rows:
        return None
    return {**rows[-1], "details": json.loads(rows[-1]["details_json"])}


def payout_details_history(home: Path | str, partner_id: str) -> list[dict[str, Any]]:
    """Every details entry of the partner, oldest first (who changed what, when)."""
    return [r for r in chain.entries(home, "payout_details") if r["partner_id"] == partner_id]


def mask(method: str, details: dict[str, str]) -> str:
    """The details as shown on screens: enough to recognise, never the whole number."""
    if method == "bank_transfer":
        return f"{details['account_holder']}, IBAN …{details['iban'][-4:]}"
    if method == "e_wallet":
        name, _, domain = details["wallet_email"].partition("@")
        return f"{details['provider']} {name[:2]}…@{domain}"
    return f"{details['network']} …{details['address'][-6:]}"


# ---- review flags ----------------------------------------------------------------------


def open_payout_flags(home: Path | str, partner_id: str | None = None) -> list[dict[str, Any]]:
    """Flags raised and not cleared since (of one partner when given), oldest first."""
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for r in chain.entries(home, "payout_flags"):
        latest[(r["partner_id"], r["flag"])] = r
    return [
        r
        for r in latest.values()
        if r["event"] == "raised" and (partner_id is None or r["partner_id"] == partner_id)
    ]


def clear_payout_flag(
    home: Path | str, partner_id: str, flag: str, reason: str, *, actor: str, role: str
) -> None:
    """Clear an open flag once the change was confirmed (finance or manager, with a reason)."""
    if role not in CLEARING_ROLES:
        raise chain.OpsStoreError(f"role {role!r} cannot clear payout flags")
    if not (reason or "").strip():
        raise chain.OpsStoreError("clearing a flag needs a reason: it is kept in the audit log")
    if not any(f["flag"] == flag for f in open_payout_flags(home, partner_id)):
        raise chain.OpsStoreError(f"{partner_id} has no open {flag} flag")
    chain.transaction(
        home,
        "payout_flags",
        [
            {
                "at": chain.now(),
                "actor": actor,
                "event": "cleared",
                "partner_id": partner_id,
                "flag": flag,
                "reason": reason.strip()[:500],
            }
        ],
    )


# ---- payout requests -------------------------------------------------------------------


def available_balance(home: Path | str, partner_id: str) -> Balance:
    """What the partner may ask for now: the balance its newest published payout carried
    forward below its payout threshold (status below_threshold, carried_out > 0); else 0.

    Payable, held or decided payouts follow the normal run: nothing is requestable then.
    """
    serving = paths.Home(Path(home)).serving
    if not serving.exists():
        return Balance(Decimal("0.00"), None, None)
    with duckdb.connect(str(serving), read_only=True) as con:
        row = con.execute(
            "select payout_id, status, payout_currency, carried_out from marts.mart_payouts "
            "where partner_id = ? order by period_month desc limit 1",
            [partner_id],
        ).fetchone()
    if row is None or row[1] != REQUESTABLE_STATUS or row[3] is None or row[3] <= 0:
        return Balance(Decimal("0.00"), None if row is None else row[2], None)
    return Balance(Decimal(row[3]), row[2], row[0])


def _requests_state(con: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    state: dict[str, dict[str, Any]] = {}
    for r in con.execute("select * from payout_requests order by seq"):
        r = dict(r)
        if r["event"] == "requested":
            state[r["request_id"]] = {**r, "state": "open"}
        else:
            state[r["request_id"]] = {
                **state[r["request_id"]],
                "state": r["event"],
                "closed_at": r["at"],
                "closed_by": r["actor"],
                "close_reason": r["reason"],
            }
    return state


def _amount(value: Decimal | str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise chain.OpsStoreError(f"amount {value!r} is not a number") from None
    if not amount.is_finite() or amount <= 0:
        raise chain.OpsStoreError("a payout request needs an amount above 0")
    return amount


def request_payout(
    home: Path | str, partner_id: str, amount: Decimal | str, *, actor: str, note: str = ""
) -> dict[str, Any]:
    """Ask to be paid `amount` of the available balance; it lands in finance's queue.

    Refused above the available balance, without payout details, or while another request
    of the partner is open.
    """
    amount = _amount(amount)
    balance = available_balance(home, partner_id)
    if amount > balance.amount:
        raise chain.OpsStoreError(
            f"{amount} is more than your available balance of {balance.amount}"
            + (f" {balance.currency}" if balance.currency else "")
        )
    if len(note or "") > 500:
        raise chain.OpsStoreError("the note is longer than 500 characters")
    if payout_details(home, partner_id) is None:
        raise chain.OpsStoreError("add your payout details before requesting a payout")
    with _writing(home) as con:
        state = _requests_state(con)
        mine = [r for r in state.values() if r["partner_id"] == partner_id]
        if any(r["state"] == "open" for r in mine):
            raise chain.OpsStoreError("you have an open payout request already: one at a time")
        entry = {
            "at": chain.now(),
            "actor": actor,
            "event": "requested",
            "request_id": f"PR-{partner_id}-{len(mine) + 1}",
            "partner_id": partner_id,
            "amount": format(amount, "f"),
            "currency": balance.currency,
            "reason": (note or "").strip() or None,
        }
        chain.append(con, "payout_requests", [entry])
    return entry


def _end_request(
    home: Path | str, request_id: str, event: str, reason: str, actor: str, partner_id: str | None
) -> None:
    with _writing(home) as con:
        current = _requests_state(con).get(request_id)
        if current is None or (partner_id is not None and current["partner_id"] != partner_id):
            raise chain.OpsStoreError(f"there is no payout request {request_id}")
        if current["state"] != "open":
            raise chain.OpsStoreError(f"payout request {request_id} is {current['state']} already")
        chain.append(
            con,
            "payout_requests",
            [
                {
                    **{k: current[k] for k in ("request_id", "partner_id", "amount", "currency")},
                    "at": chain.now(),
                    "actor": actor,
                    "event": event,
                    "reason": reason,
                }
            ],
        )


def close_payout_request(
    home: Path | str, request_id: str, reason: str, *, actor: str, role: str
) -> None:
    """Finance closes a request (paid, or refused), saying why."""
    if role not in CLOSING_ROLES:
        raise chain.OpsStoreError(f"role {role!r} cannot close payout requests: finance does")
    if not (reason or "").strip():
        raise chain.OpsStoreError("closing a request needs a reason: it is kept in the audit log")
    _end_request(home, request_id, "closed", reason.strip()[:500], actor, None)


def cancel_payout_request(
    home: Path | str, partner_id: str, request_id: str, *, actor: str
) -> None:
    """The partner withdraws its own open request."""
    _end_request(home, request_id, "cancelled", "cancelled by the partner", actor, partner_id)


def payout_requests(home: Path | str, partner_id: str) -> list[dict[str, Any]]:
    """The partner's requests with their state (open, closed, cancelled), oldest first."""
    if not chain.store_path(home).exists():
        return []
    con = chain.connect(home)
    try:
        return [r for r in _requests_state(con).values() if r["partner_id"] == partner_id]
    finally:
        con.close()


def open_payout_requests(home: Path | str) -> list[dict[str, Any]]:
    """Finance's queue: every open payout request, oldest first."""
    if not chain.store_path(home).exists():
        return []
    con = chain.connect(home)
    try:
        return [r for r in _requests_state(con).values() if r["state"] == "open"]
    finally:
        con.close()
