"""Paying approved payouts: payment files and the settlement that marks them paid.

Finance's two recorded actions (docs/decisions/030-hold-calibration-and-payment-files.md),
shared by the app and `partnerledger payouts payment-file` / `payouts settle`:

- `export_payment_file`: the approved payouts not in an earlier payment file, one line per
  partner and currency (partner, beneficiary, method, currency, amount, reference). A partner
  without payout details, or with an open review flag (a details change finance has not
  confirmed), is left out and listed: paying it would pay an unconfirmed account. The export
  is itself an entry of the hash chain (`payment_files`: who, when, the lines, the payout ids
  and the SHA-256 of the CSV bytes), so every file that left the system is on record.
- `settle`: a payment provider's settlement file (reference, amount, currency, status) read
  against the exported lines. A line whose reference, amount and currency match and whose
  status is a paid one is recorded `paid` (one `settlements` entry per line, the payouts it
  covers in the payload); everything else is a difference, recorded too (`difference`) and
  returned: unknown reference, amount or currency mismatch, a failed status, a line already
  paid, and exported lines the file does not mention (outstanding, returned only).

Finance actions are for FINANCE_ROLES (ops_store.policy); a manager is refused. Amounts are
Decimal, compared exactly to the cent. The CSV is formula-safe through csv_safety.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

from partnerledger.csv_safety import safe_csv
from partnerledger.ops_store import chain, partner_requests
from partnerledger.ops_store.policy import FINANCE_ROLES
from partnerledger.ops_store.published import current_payouts

PAYMENT_FILE_COLUMNS = ("partner", "beneficiary", "method", "currency", "amount", "reference")
SETTLEMENT_COLUMNS = ("reference", "amount", "currency", "status")
# provider statuses that mean the money left (case-insensitive); any other is a difference
PAID_STATUSES = ("paid", "settled", "completed")


@dataclass(frozen=True)
class PaymentFile:
    """One recorded export: its lines, the CSV bytes, who was left out and why."""

    file_id: str
    lines: list[dict[str, Any]]
    csv_bytes: bytes
    skipped: dict[str, str] = field(default_factory=dict)  # partner_id -> why


@dataclass(frozen=True)
class Settlement:
    """What a settlement file changed: the references paid, and every difference found."""

    paid: list[dict[str, Any]]
    differences: list[dict[str, Any]]


def refuse_unless_finance(role: str | None, what: str) -> None:
    if role not in FINANCE_ROLES:
        raise chain.OpsStoreError(
            f"role {role} cannot {what}: only {' or '.join(FINANCE_ROLES)} can (--role finance)"
        )


def _check_actor(actor: str) -> str:
    if not actor or not actor.strip():
        raise chain.OpsStoreError("a finance action needs an actor (--actor NAME)")
    return actor.strip()


def exported_lines(home: Path | str) -> list[dict[str, Any]]:
    """Every line of every recorded payment file, oldest first, with its file_id."""
    out = []
    for entry in chain.entries(home, "payment_files"):
        for line in json.loads(entry["payload_json"])["lines"]:
            out.append({**line, "file_id": entry["file_id"], "amount": Decimal(line["amount"])})
    return out


def settled_references(home: Path | str) -> set[str]:
    return {r["reference"] for r in chain.entries(home, "settlements") if r["outcome"] == "paid"}


def paid_payout_ids(home: Path | str) -> set[str]:
    """Payouts a settlement marked paid (for the page and the CLI)."""
    ids: set[str] = set()
    for r in chain.entries(home, "settlements"):
        if r["outcome"] == "paid":
            ids.update(json.loads(r["payload_json"]).get("payout_ids", []))
    return ids


def _beneficiary(details: dict[str, Any]) -> tuple[str, str]:
    """(beneficiary, method) as a payment provider needs them, from the partner's details."""
    d, method = details["details"], details["method"]
    if method == "bank_transfer":
        return f"{d['account_holder']} {d['iban']} {d['bic']}", method
    if method == "e_wallet":
        return f"{d['provider']} {d['wallet_email']}", method
    return f"{d['network']} {d['address']}", method


def payable_lines(
    home: Path | str, month: str | None = None
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The lines a payment file would carry now (not recorded), and the partners left out."""
    already = {pid for line in exported_lines(home) for pid in line["payout_ids"]}
    approved = [
        r
        for r in current_payouts(home, month=month, statuses=("approved",))
        if r["payout_id"] not in already and Decimal(str(r["amount"])) > 0
    ]
    flagged = {f["partner_id"] for f in partner_requests.open_payout_flags(home)}
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in approved:
        groups.setdefault((r["partner_id"], r["payout_currency"]), []).append(r)
    lines, skipped = [], {}
    for (partner, currency), rows in sorted(groups.items()):
        details = partner_requests.payout_details(home, partner)
        if details is None:
            skipped[partner] = "no payout details on record"
            continue
        if partner in flagged:
            skipped[partner] = "payout details changed and not confirmed (open review flag)"
            continue
        beneficiary, method = _beneficiary(details)
        lines.append(
            {
                "partner": partner,
                "beneficiary": beneficiary,
                "method": method,
                "currency": currency,
                "amount": sum((Decimal(str(r["amount"])) for r in rows), Decimal(0)),
                "payout_ids": sorted(r["payout_id"] for r in rows),
            }
        )
    return lines, skipped


def _csv(lines: Sequence[dict[str, Any]]) -> bytes:
    frame = pd.DataFrame(
        [{c: line[c] for c in PAYMENT_FILE_COLUMNS} for line in lines],
        columns=list(PAYMENT_FILE_COLUMNS),
    )
    return safe_csv(frame)


def export_payment_file(
    home: Path | str, actor: str, role: str, month: str | None = None
) -> PaymentFile:
    """Record a payment file of the approved payouts not exported yet; returns it.

    Refused (nothing written): a role outside FINANCE_ROLES, no actor, nothing to pay.
    References are `<file_id>-<partner>-<currency>`, file_id `PF<seq of files + 1, 4 digits>`.
    """
    refuse_unless_finance(role, "export a payment file")
    actor = _check_actor(actor)
    lines, skipped = payable_lines(home, month)
    if not lines:
        why = "; ".join(f"{p}: {w}" for p, w in skipped.items())
        raise chain.OpsStoreError(
            "no approved payouts to pay" + (f" (left out: {why})" if why else "")
        )
    file_id = f"PF{len(chain.entries(home, 'payment_files')) + 1:04d}"
    for line in lines:
        line["reference"] = f"{file_id}-{line['partner']}-{line['currency']}"
    data = _csv(lines)
    payload = {
        "lines": [{**line, "amount": format(line["amount"], "f")} for line in lines],
        "skipped": skipped,
        "csv_sha256": hashlib.sha256(data).hexdigest(),
        "month": month,
    }
    entry = {
        "at": chain.now(),
        "actor": actor,
        "role": role,
        "file_id": file_id,
        "payload_json": chain.canonical_json(payload),
    }
    chain.transaction(home, "payment_files", [entry])
    return PaymentFile(file_id=file_id, lines=lines, csv_bytes=data, skipped=skipped)


def read_settlement(data: bytes | str) -> list[dict[str, Any]]:
    """The rows of a settlement CSV (reference, amount, currency, status), checked."""
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in SETTLEMENT_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise chain.OpsStoreError(
            f"settlement file lacks column(s) {', '.join(missing)} "
            f"(needs {', '.join(SETTLEMENT_COLUMNS)})"
        )
    rows = []
    for n, row in enumerate(reader, start=2):
        try:
            amount = Decimal(row["amount"].strip())
        except (InvalidOperation, AttributeError):
            raise chain.OpsStoreError(
                f"settlement line {n}: amount {row['amount']!r} is not a number"
            ) from None
        rows.append(
            {
                "line": n,
                "reference": (row["reference"] or "").strip(),
                "amount": amount,
                "currency": (row["currency"] or "").strip().upper(),
                "status": (row["status"] or "").strip().lower(),
            }
        )
    return rows


def settle(home: Path | str, actor: str, role: str, data: bytes | str) -> Settlement:
    """Read a settlement file against the exported lines, record what it says; see the module."""
    refuse_unless_finance(role, "record a settlement")
    actor = _check_actor(actor)
    rows = read_settlement(data)
    lines = {line["reference"]: line for line in exported_lines(home)}
    done = settled_references(home)
    at = chain.now()
    paid, differences, entries = [], [], []
    for row in rows:
        line = lines.get(row["reference"])
        problem = None
        if line is None:
            problem = "unknown reference (in no payment file)"
        elif row["reference"] in done:
            problem = "already paid by an earlier settlement"
        elif row["currency"] != line["currency"]:
            problem = f"currency {row['currency']}, the payment file says {line['currency']}"
        elif row["amount"] != line["amount"]:  # Decimal: 100.0 == 100.00, to the cent
            problem = f"amount {row['amount']}, the payment file says {line['amount']}"
        elif row["status"] not in PAID_STATUSES:
            problem = f"status {row['status'] or '(empty)'}: not paid"
        outcome = "difference" if problem else "paid"
        found = {
            **row,
            "expected_amount": None if line is None else line["amount"],
            "partner": None if line is None else line["partner"],
            "problem": problem,
        }
        (differences if problem else paid).append(found)
        if not problem:
            done.add(row["reference"])
        entries.append(
            {
                "at": at,
                "actor": actor,
                "role": role,
                "reference": row["reference"],
                "outcome": outcome,
                "amount": format(row["amount"], "f"),
                "currency": row["currency"],
                "payload_json": chain.canonical_json(
                    {
                        "status": row["status"],
                        "problem": problem,
                        "payout_ids": [] if line is None else line["payout_ids"],
                    }
                ),
            }
        )
    seen = {row["reference"] for row in rows}
    for ref, line in lines.items():
        if ref not in seen and ref not in done:
            differences.append(
                {
                    "line": None,
                    "reference": ref,
                    "amount": None,
                    "currency": line["currency"],
                    "status": None,
                    "expected_amount": line["amount"],
                    "partner": line["partner"],
                    "problem": "outstanding: exported, not in this settlement file",
                }
            )
    if entries:
        chain.transaction(home, "settlements", entries)
    return Settlement(paid=paid, differences=differences)
