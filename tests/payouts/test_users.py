"""Users of the app in the ops store: `partnerledger users ...` and the store functions."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from partnerledger import ops_store
from partnerledger.ops_store import chain, users

PASSWORD = "correct-horse-battery"


@pytest.fixture()
def partner_home(tmp_path: Path) -> Path:
    """A home whose published marts know partners P1 (3 statement rows) and P2, P3 (1 each)."""
    home = tmp_path / "home"
    home.mkdir()
    with duckdb.connect(str(home / "serving.duckdb")) as con:
        con.execute("create schema marts")
        con.execute(
            """create table marts.dim_partners as select * from (values
                ('P1', 'Alpha Media'), ('P2', 'Beta Sub'), ('P3', 'Gamma IB')
            ) as t(partner_id, display_name)"""
        )
        con.execute(
            """create table marts.fct_partner_monthly_statement as select * from (values
                ('P1', date '2026-04-01'), ('P1', date '2026-05-01'), ('P1', date '2026-06-01'),
                ('P2', date '2026-05-01'), ('P3', date '2026-05-01')
            ) as t(partner_id, period_month)"""
        )
    return home


def cli(home: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The installed command line, as an operator runs it, the password piped in."""
    return subprocess.run(
        [sys.executable, "-m", "partnerledger.cli", "users", *argv, "--home", str(home)],
        input=stdin,
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_add_list_disable_reset_grant_through_the_command_line(partner_home: Path) -> None:
    added = cli(
        partner_home, "add", "Ann", "--role", "partner", "--partner", "P2", stdin=PASSWORD + "\n"
    )
    assert added.returncode == 0, added.stderr
    assert "added user ann (partner, partner P2, active)" in added.stdout
    assert (
        cli(
            partner_home, "add", "bob", "--role", "finance", "--name", "Bob B", stdin=PASSWORD
        ).returncode
        == 0
    )

    listed = cli(partner_home, "list")
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert lines[0].split() == [
        "login",
        "name",
        "role",
        "partner",
        "state",
        "created",
        "last_sign_in",
    ]
    # ann's display name defaults to her partner's published name
    assert lines[1].split()[:6] == ["ann", "Beta", "Sub", "partner", "P2", "active"]
    assert lines[1].rstrip().endswith("never")
    assert "2 user(s)" in listed.stdout
    assert "argon2" not in listed.stdout and PASSWORD not in listed.stdout

    assert cli(partner_home, "reset-password", "ann", stdin="a-new-password\n").returncode == 0
    assert users.sign_in(partner_home, "ann", PASSWORD, "c").user is None
    assert users.sign_in(partner_home, "ann", "a-new-password", "c").user["partner_id"] == "P2"

    granted = cli(partner_home, "grant", "bob", "--role", "manager")
    assert granted.returncode == 0 and "bob (manager, active)" in granted.stdout

    assert cli(partner_home, "disable", "ann").returncode == 0
    assert users.user(partner_home, "ann")["state"] == "disabled"
    result = users.sign_in(partner_home, "ann", "a-new-password", "c")
    assert result.user is None and result.message == users.DISABLED_MESSAGE
    assert cli(partner_home, "enable", "ann").returncode == 0
    assert users.sign_in(partner_home, "ann", "a-new-password", "c").user["login"] == "ann"

    # every change is an entry of the chain, which still verifies
    events = [
        (e["event"], e["login"], e["actor"][:4]) for e in chain.entries(partner_home, "user_events")
    ]
    assert events == [
        ("added", "ann", "cli:"),
        ("added", "bob", "cli:"),
        ("password_reset", "ann", "cli:"),
        ("role_granted", "bob", "cli:"),
        ("disabled", "ann", "cli:"),
        ("enabled", "ann", "cli:"),
    ]
    verified = subprocess.run(
        [sys.executable, "-m", "partnerledger.cli", "audit", "verify", "--home", str(partner_home)],
        check=False,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr


def test_refusals_are_one_line_errors(partner_home: Path) -> None:
    unknown = cli(
        partner_home, "add", "zed", "--role", "partner", "--partner", "P9", stdin=PASSWORD
    )
    assert unknown.returncode == 1
    assert "partner id 'P9' is not a published partner" in unknown.stderr
    no_partner = cli(partner_home, "add", "zed", "--role", "partner", stdin=PASSWORD)
    assert "a partner user needs the partner id" in no_partner.stderr
    staff_partner = cli(
        partner_home, "add", "zed", "--role", "manager", "--partner", "P1", stdin=PASSWORD
    )
    assert "only partner users have a partner id" in staff_partner.stderr
    short = cli(partner_home, "add", "zed", "--role", "manager", stdin="short\n")
    assert f"at least {users.MIN_PASSWORD_LENGTH} characters" in short.stderr
    no_stdin = cli(partner_home, "add", "zed", "--role", "manager", stdin="")
    assert "no password on standard input" in no_stdin.stderr
    assert cli(partner_home, "disable", "zed").returncode == 1
    # nothing of the above was written
    assert users.users(partner_home) == []
    cli(partner_home, "add", "zed", "--role", "manager", stdin=PASSWORD)
    again = cli(partner_home, "add", "ZED", "--role", "finance", stdin=PASSWORD)
    assert "user 'zed' exists already" in again.stderr


def test_a_partner_user_needs_a_publish_to_check_its_partner(tmp_path: Path) -> None:
    with pytest.raises(
        ops_store.OpsStoreError, match="nothing is published .* run `partnerledger build`"
    ):
        users.add_user(tmp_path, "ann", "partner", PASSWORD, partner_id="P1", actor="t")
    # staff users need no publish
    assert users.add_user(tmp_path, "root", "admin", PASSWORD, actor="t")["role"] == "admin"


def test_grant_to_partner_checks_the_partner_and_clears_it_for_staff(partner_home: Path) -> None:
    users.add_user(partner_home, "carl", "manager", PASSWORD, actor="t")
    with pytest.raises(ops_store.OpsStoreError, match="needs the partner id"):
        users.grant_role(partner_home, "carl", "partner", actor="t")
    assert (
        users.grant_role(partner_home, "carl", "partner", partner_id="P3", actor="t")["partner_id"]
        == "P3"
    )
    assert users.grant_role(partner_home, "carl", "finance", actor="t")["partner_id"] is None


def test_a_single_sign_on_email_maps_to_the_active_user_of_that_login(partner_home: Path) -> None:
    users.add_user(partner_home, "ann@example.com", "finance", PASSWORD, actor="t")
    assert users.user_for_identity(partner_home, "Ann@Example.com")["role"] == "finance"
    assert users.user_for_identity(partner_home, "bob@example.com") is None
    users.disable_user(partner_home, "ann@example.com", actor="t")
    assert users.user_for_identity(partner_home, "ann@example.com") is None


def test_demo_users_print_their_passwords_and_can_sign_in(partner_home: Path) -> None:
    out = cli(partner_home, "demo")
    assert out.returncode == 0, out.stderr
    assert "DEMO ONLY" in out.stdout
    # the two partners with most statement rows: P1 (3), then P2 and P3 (1 each) by id -> P2
    logins = {line.split()[1]: line.split()[3] for line in out.stdout.splitlines()[1:]}
    assert sorted(logins) == ["admin", "finance", "manager", "partner-p1", "partner-p2"]
    for login, password in logins.items():
        assert users.sign_in(partner_home, login, password, "demo").user["login"] == login
    assert users.user(partner_home, "partner-p2")["partner_id"] == "P2"
    # run again: the same users, new passwords
    again = cli(partner_home, "demo")
    new = {line.split()[1]: line.split()[3] for line in again.stdout.splitlines()[1:]}
    assert new.keys() == logins.keys() and all(new[k] != logins[k] for k in new)
    assert len(users.users(partner_home)) == 5
    assert ops_store.verify_chain(partner_home) == []


def test_an_edited_user_row_breaks_the_chain(partner_home: Path) -> None:
    users.add_user(partner_home, "ann", "finance", PASSWORD, actor="t")
    con = ops_store.connect(partner_home)
    con.execute("drop trigger user_events_no_update")
    con.execute("update user_events set role = 'admin' where login = 'ann'")
    con.close()
    problems = ops_store.verify_chain(partner_home)
    assert any("user_events" in p and "content was edited" in p for p in problems)
