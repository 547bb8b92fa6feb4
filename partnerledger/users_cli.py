"""`partnerledger users add|list|disable|enable|reset-password|grant|demo`: the app's users.

`register(subparsers)` adds the `users` command to partnerledger.cli's parser; each leaf sets
`func(args) -> int` (the exit code). The work is done by partnerledger.ops_store.users,
which the app's sign-in uses too. Passwords are read from standard input (one line) or, at a
terminal, asked for twice without echo; they are never taken as arguments (shell history).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence

from partnerledger import paths
from partnerledger.ops_store import OpsStoreError
from partnerledger.ops_store import users as store


def _actor() -> str:
    return f"cli:{getpass.getuser()}"


def _home(args: argparse.Namespace):
    return paths.home(args.home).root


def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password again: ") != first:
            raise OpsStoreError("the two passwords differ: nothing was changed")
        return first
    line = sys.stdin.readline()
    if not line:
        raise OpsStoreError("no password on standard input (pipe one line, or run at a terminal)")
    return line.rstrip("\r\n")


def _show(u: dict) -> str:
    partner = f", partner {u['partner_id']}" if u["partner_id"] else ""
    return f"{u['login']} ({u['role']}{partner}, {u['state']})"


def _cmd_add(args: argparse.Namespace) -> int:
    u = store.add_user(
        _home(args),
        args.login,
        args.role,
        _read_password(),
        partner_id=args.partner,
        display_name=args.name,
        language=args.language,
        actor=_actor(),
    )
    print(f"added user {_show(u)}")
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    header = ("login", "name", "role", "partner", "state", "created", "last_sign_in")
    table = [header] + [
        tuple(
            str(v or "")
            for v in (
                u["login"],
                u["display_name"],
                u["role"],
                u["partner_id"],
                u["state"],
                (u["created_at"] or "")[:16],
                (u["last_sign_in"] or "never")[:16],
            )
        )
        for u in store.users(_home(args))
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for row in table:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())
    print(f"{len(table) - 1} user(s)")
    return 0


def _cmd_disable(args: argparse.Namespace) -> int:
    print(f"disabled user {_show(store.disable_user(_home(args), args.login, actor=_actor()))}")
    return 0


def _cmd_enable(args: argparse.Namespace) -> int:
    print(f"enabled user {_show(store.enable_user(_home(args), args.login, actor=_actor()))}")
    return 0


def _cmd_reset_password(args: argparse.Namespace) -> int:
    u = store.reset_password(
        _home(args), args.login, _read_password(), one_time=args.one_time, actor=_actor()
    )
    after = " (to be changed at the next sign-in)" if args.one_time else ""
    print(f"new password set for {_show(u)}{after}")
    return 0


def _cmd_grant(args: argparse.Namespace) -> int:
    u = store.grant_role(
        _home(args), args.login, args.role, partner_id=args.partner, actor=_actor()
    )
    print(f"granted: {_show(u)}")
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    made = store.create_demo_users(_home(args), actor=_actor())
    print("Demo users (DEMO ONLY: these passwords are printed in clear; never do this for real):")
    for u in made:
        partner = f" {u['partner_id']}" if u["partner_id"] else ""
        print(f"  login {u['login']:<16} password {u['password']}  ({u['role']}{partner})")
    return 0


def _guarded(func):
    """Run a leaf command; a refusal of the store is a one-line error and exit code 1."""

    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except OpsStoreError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1

    return run


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `users` to the partnerledger command's sub-parsers."""
    users = subparsers.add_parser("users", help="the app's users: add, list, disable, ...")
    sub = users.add_subparsers(dest="users_command", required=True)

    def leaf(name: str, func, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument("--home", default=None, help="default: $PARTNERLEDGER_HOME or data/home")
        p.set_defaults(func=_guarded(func))
        return p

    p = leaf("add", _cmd_add, "create a user (password from stdin, or asked twice)")
    p.add_argument("login")
    p.add_argument("--role", required=True, choices=store.ROLES)
    p.add_argument("--partner", default=None, help="the partner id a partner user sees")
    p.add_argument("--name", default=None, help="display name (default: partner name or login)")
    p.add_argument(
        "--language",
        default=store.DEFAULT_LANGUAGE,
        choices=store.LANGUAGES,
        help="language of the partner portal (default: en)",
    )
    leaf("list", _cmd_list, "every user: login, role, partner, state, last sign-in")
    leaf("disable", _cmd_disable, "stop a user from signing in").add_argument("login")
    leaf("enable", _cmd_enable, "let a disabled user sign in again").add_argument("login")
    p = leaf("reset-password", _cmd_reset_password, "set a new password")
    p.add_argument("login")
    p.add_argument(
        "--one-time",
        action="store_true",
        help="a temporary password: the user must choose their own at the next sign-in",
    )
    p = leaf("grant", _cmd_grant, "give a user another role")
    p.add_argument("login")
    p.add_argument("--role", required=True, choices=store.ROLES)
    p.add_argument("--partner", default=None, help="needed with --role partner")
    leaf("demo", _cmd_demo, "create demo users and print their passwords (demo only)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="partnerledger")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)
