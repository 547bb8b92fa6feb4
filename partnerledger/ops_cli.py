"""The operations commands: `payouts`, `period` and `audit`, added to `partnerledger`'s parser.

`register(subparsers)` adds them to the argparse sub-parsers of partnerledger.cli; each leaf
command sets `func(args) -> int` (the exit code), like the other commands. Every command
takes `--home`. The work is done by partnerledger.ops_store, shared with the app.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

import pandas as pd

from partnerledger import csv_safety, ops_store, paths

# mart_payouts' status values (its accepted_values test)
_STATUSES = ("pending", "approved", "held", "rejected", "below_threshold")


def _home(args: argparse.Namespace):
    return paths.home(args.home).root


def _fail(exc: Exception) -> int:
    print(f"error: {exc}", file=sys.stderr)
    return 1


def _cmd_payouts_list(args: argparse.Namespace) -> int:
    try:
        rows = ops_store.current_payouts(
            _home(args), month=args.month, statuses=(args.status,) if args.status else ()
        )
    except ops_store.OpsStoreError as exc:
        return _fail(exc)
    header = (
        "payout_id",
        "partner_id",
        "month",
        "currency",
        "amount",
        "carried_out",
        "route",
        "status",
        "risk",
        "hold_reasons",
    )
    raw = [
        (
            r["payout_id"],
            r["partner_id"],
            f"{r['period_month']:%Y-%m}",
            r["payout_currency"],
            r["amount"],
            r.get("carried_out", ""),
            r["route"],
            r["status"],
            r["risk_score"],
            r["hold_reasons"] or "",
        )
        for r in rows
    ]
    if args.csv:
        # Exact values (Decimal amounts stay numbers); text cells made formula-safe.
        sys.stdout.write(
            csv_safety.safe_csv(pd.DataFrame(raw, columns=list(header))).decode("utf-8")
        )
        return 0
    table = [header] + [tuple(str(v) for v in row) for row in raw]
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    for row in table:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)) + "  " + row[-1])
    print(f"{len(rows)} payout(s)")
    return 0


def _cmd_payouts_decide(args: argparse.Namespace) -> int:
    home = _home(args)
    action = args.decision
    try:
        ids = list(args.payout_ids)
        if getattr(args, "all_pending", False):
            if not args.month:
                raise ops_store.OpsStoreError("--all-pending needs --month YYYY-MM")
            if ids:
                raise ops_store.OpsStoreError("give payout ids or --all-pending, not both")
            excluded = set(args.except_ids or [])
            pending = [
                r
                for r in ops_store.current_payouts(home, month=args.month, statuses=("pending",))
                if r["payout_id"] not in excluded
            ]
            # a batch leaves the payouts the role may not decide (ops_store.policy) to whoever
            # may, instead of failing
            beyond = [
                r["payout_id"]
                for r in pending
                if not ops_store.may_decide(args.role, "batch_approve", r["route"])
            ]
            if beyond:
                print(f"skipped (routed to finance, needs --role finance): {', '.join(beyond)}")
            ids = [r["payout_id"] for r in pending if r["payout_id"] not in beyond]
            if not ids:
                print("no pending payouts to approve")
                return 0
            action = "batch_approve"
        elif not ids:
            raise ops_store.OpsStoreError("give one or more PAYOUT_IDs")
        entries = ops_store.record_decision(home, args.actor, args.role, action, ids, args.reason)
    except ops_store.OpsStoreError as exc:
        return _fail(exc)
    for e in entries:
        print(f"{e['action']}: {e['payout_id']} by {e['actor']} ({e['role']})")
    print(f"{len(entries)} decision(s) recorded in {paths.Home(home).ops_store}")
    return 0


def _cmd_payouts_payment_file(args: argparse.Namespace) -> int:
    from partnerledger.ops_store import payments

    try:
        pf = payments.export_payment_file(_home(args), args.actor, args.role, args.month)
    except ops_store.OpsStoreError as exc:
        return _fail(exc)
    out = Path(args.out or f"payment_file_{pf.file_id}.csv")
    out.write_bytes(pf.csv_bytes)
    for partner, why in pf.skipped.items():
        print(f"left out {partner}: {why}")
    totals: dict[str, Decimal] = {}
    for line in pf.lines:
        totals[line["currency"]] = totals.get(line["currency"], Decimal(0)) + line["amount"]
    print(
        f"payment file {pf.file_id}: {len(pf.lines)} line(s), "
        + ", ".join(f"{c} {a}" for c, a in sorted(totals.items()))
        + f"; written to {out} and recorded in the audit chain"
    )
    return 0


def _cmd_payouts_settle(args: argparse.Namespace) -> int:
    from partnerledger.ops_store import payments

    try:
        result = payments.settle(
            _home(args), args.actor, args.role, Path(args.settlement_file).read_bytes()
        )
    except (ops_store.OpsStoreError, OSError) as exc:
        return _fail(exc)
    for p in result.paid:
        print(f"paid: {p['reference']} {p['amount']} {p['currency']}")
    for d in result.differences:
        print(f"DIFFERENCE: {d['reference']}: {d['problem']}")
    print(f"{len(result.paid)} paid, {len(result.differences)} difference(s)")
    return 1 if result.differences else 0


def _cmd_period_close(args: argparse.Namespace) -> int:
    try:
        entry = ops_store.close_period(_home(args), args.month, args.actor, args.reason)
    except ops_store.OpsStoreError as exc:
        return _fail(exc)
    import json

    payload = json.loads(entry["payload_json"])
    print(
        f"closed {args.month}: froze {payload['lines']} commission lines, "
        f"{payload['statements']} statements, {payload['payouts']} payouts"
    )
    return 0


def _cmd_audit_verify(args: argparse.Namespace) -> int:
    problems = ops_store.verify_chain(_home(args))
    if problems:
        print(f"TAMPERED: {len(problems)} problem(s) in {paths.home(args.home).ops_store}")
        for p in problems:
            print(f"  - {p}")
        return 1
    print(f"ok: the audit chain of {paths.home(args.home).ops_store} is intact")
    return 0


def _add_home(p: argparse.ArgumentParser) -> None:
    p.add_argument("--home", default=None, help="default: $PARTNERLEDGER_HOME or data/home")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `payouts`, `period` and `audit` to the partnerledger command's sub-parsers."""
    payouts = subparsers.add_parser("payouts", help="list and decide partner payouts")
    psub = payouts.add_subparsers(dest="payouts_command", required=True)

    p = psub.add_parser("list", help="published payouts with their current status")
    p.add_argument("--month", default=None, help="YYYY-MM")
    p.add_argument("--status", choices=_STATUSES, default=None)
    p.add_argument("--csv", action="store_true", help="write CSV (formula-safe) to stdout instead")
    _add_home(p)
    p.set_defaults(func=_cmd_payouts_list)

    for decision, text in (
        ("approve", "approve payouts (finance-routed ones need --role finance)"),
        ("reject", "reject payouts"),
        ("hold", "put payouts on hold"),
        ("release", "release held payouts back to pending"),
    ):
        p = psub.add_parser(decision, help=text)
        p.add_argument("payout_ids", nargs="*", metavar="PAYOUT_ID")
        p.add_argument("--reason", required=True)
        p.add_argument("--actor", required=True)
        p.add_argument("--role", choices=ops_store.ROLES, default="manager")
        if decision == "approve":
            p.add_argument(
                "--all-pending", action="store_true", help="every pending payout of --month"
            )
            p.add_argument("--month", default=None, help="YYYY-MM (with --all-pending)")
            p.add_argument(
                "--except", dest="except_ids", nargs="+", metavar="PAYOUT_ID", default=[]
            )
        _add_home(p)
        p.set_defaults(func=_cmd_payouts_decide, decision=decision)

    p = psub.add_parser(
        "payment-file",
        help="record and write the payment file of approved payouts not yet exported",
    )
    p.add_argument("--actor", required=True)
    p.add_argument("--role", choices=ops_store.FINANCE_ROLES, default="finance")
    p.add_argument("--month", default=None, help="YYYY-MM (default: every month)")
    p.add_argument("--out", default=None, help="CSV path (default: payment_file_<id>.csv)")
    _add_home(p)
    p.set_defaults(func=_cmd_payouts_payment_file)

    p = psub.add_parser(
        "settle",
        help="mark exported lines paid from a settlement CSV (reference, amount, currency, "
        "status); exit 1 when it shows differences",
    )
    p.add_argument("settlement_file", metavar="SETTLEMENT_CSV")
    p.add_argument("--actor", required=True)
    p.add_argument("--role", choices=ops_store.FINANCE_ROLES, default="finance")
    _add_home(p)
    p.set_defaults(func=_cmd_payouts_settle)

    period = subparsers.add_parser("period", help="close accounting periods")
    pesub = period.add_subparsers(dest="period_command", required=True)
    p = pesub.add_parser("close", help="freeze a month's published lines, statements and payouts")
    p.add_argument("month", metavar="YYYY-MM")
    p.add_argument("--actor", required=True)
    p.add_argument("--reason", required=True)
    _add_home(p)
    p.set_defaults(func=_cmd_period_close)

    audit = subparsers.add_parser("audit", help="check the ops store's audit chain")
    asub = audit.add_subparsers(dest="audit_command", required=True)
    p = asub.add_parser("verify", help="exit 0 when intact, 1 when tampered")
    _add_home(p)
    p.set_defaults(func=_cmd_audit_verify)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the operations commands alone (tests; `python -m partnerledger.ops_cli`)."""
    parser = argparse.ArgumentParser(prog="partnerledger")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
