"""Users of the app and their sign-ins, as entries of the ops store's hash chain.

Two chained tables (partnerledger.ops_store.chain.TABLES):
- `user_events`: one entry per change of a user (added, disabled, password reset, role
  granted), each carrying the user's whole state after the change, so the current state of
  a login is its latest entry and the history is never rewritten;
- `sign_in_events`: every sign-in, failure, lock-out, refusal, sign-out and session expiry.

Each user's portal language (LANGUAGES, default `en`) is a display preference kept in the
append-only table `user_languages` of the same file, outside the chain: adding a column to
the chained `user_events` would change the hash of every entry already written
(docs/decisions/016-partner-portal.md).

Passwords are kept only as argon2 hashes (argon2-cffi); nothing here logs or returns one.
The limits on failed sign-ins are the constants below, the one place they are set
(docs/decisions/012-sign-in.md).
"""

from __future__ import annotations

import re
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from partnerledger import paths
from partnerledger.ops_store import chain

ROLES = ("admin", "manager", "finance", "partner")
STATES = ("active", "disabled")
LANGUAGES = ("en", "pt_BR")
DEFAULT_LANGUAGE = "en"
USER_EVENTS = (
    "added",
    "disabled",
    "enabled",
    "password_reset",
    "role_granted",
    "one_time_password",
    "password_changed",
)
# The events that set a password. When the latest of them is `one_time_password` (a password
# somebody else chose and handed over: an approved application, an administrator's reset with
# --one-time), the user must choose their own before any page opens; `password_changed` is
# the user choosing it. A flag column in the chained table would change every entry's hash.
PASSWORD_EVENTS = ("added", "password_reset", "one_time_password", "password_changed")
SIGN_IN_EVENTS = (
    "signed_in",
    "failed",
    "locked_out",
    "refused_locked",
    "refused_disabled",
    "signed_out",
    "expired",
)

# Failed sign-ins: 5 for one login within 15 minutes lock that login for 15 minutes; 20 from
# one client (any logins) within 15 minutes lock that client for 15 minutes. A lock-out, and
# for a login a successful sign-in, start its count afresh.
MAX_FAILURES_PER_LOGIN = 5
MAX_FAILURES_PER_CLIENT = 20
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 10

# One message for a wrong password and an unknown login: it never tells which.
FAILED_MESSAGE = "Sign-in failed: that login and password do not match a user."
DISABLED_MESSAGE = "This user is disabled: ask an administrator to reinstate it."
IDENTITY_WITHOUT_USER_MESSAGE = (
    "Your identity is confirmed, but no active PartnerLedger user has this e-mail as its "
    "login: ask an administrator to add you."
)

_LOGIN = re.compile(r"[a-z0-9][a-z0-9._@+-]{0,99}")
_HASHER = PasswordHasher()


@dataclass(frozen=True)
class SignIn:
    """The outcome of one sign-in attempt: the user (no hash) or the message to show."""

    user: dict[str, Any] | None
    message: str | None = None


def normalize_login(login: str) -> str:
    """Logins are compared case-insensitively and without surrounding spaces."""
    return (login or "").strip().lower()


def _ts(moment: datetime) -> str:
    """The text form of every time in the store (chain.now's): naive UTC, microseconds."""
    return moment.isoformat(sep=" ", timespec="microseconds")


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@cache
def _dummy_hash() -> str:
    # Verified against for unknown logins so that they take as long as known ones.
    return _HASHER.hash("no user has this password; it only evens out the time")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _check_password(password: str) -> str:
    if password is None or len(password) < MIN_PASSWORD_LENGTH:
        raise chain.OpsStoreError(f"a password needs at least {MIN_PASSWORD_LENGTH} characters")
    if password != password.strip() or "\n" in password:
        raise chain.OpsStoreError("a password may not start or end with spaces or hold a newline")
    return password


def _check_login(login: str) -> str:
    normalized = normalize_login(login)
    if not _LOGIN.fullmatch(normalized):
        raise chain.OpsStoreError(
            f"login {login!r} is not valid: use 1-100 of a-z, 0-9 and . _ @ + - "
            "(starting with a letter or digit)"
        )
    return normalized


def known_partner(home: Path | str, partner_id: str) -> str:
    """The display name of a published partner; refused when unknown or nothing is published.

    Partner users are checked against the published dim_partners: a partner id that no
    build has published would open an empty portal, so it is refused, not guessed.
    """
    serving = paths.Home(Path(home)).serving
    if not serving.exists():
        raise chain.OpsStoreError(
            f"cannot check partner id {partner_id!r}: nothing is published at {serving} yet; "
            "run `partnerledger build` first, then add partner users"
        )
    with duckdb.connect(str(serving), read_only=True) as con:
        row = con.execute(
            "select display_name from marts.dim_partners where partner_id = ?", [partner_id]
        ).fetchone()
    if row is None:
        raise chain.OpsStoreError(
            f"partner id {partner_id!r} is not a published partner (marts.dim_partners of {serving})"
        )
    return str(row[0] or partner_id)


def _check_role(home: Path | str, role: str, partner_id: str | None) -> str | None:
    """The partner's display name for a partner user (None for staff); refuses bad pairs."""
    if role not in ROLES:
        raise chain.OpsStoreError(f"role {role!r} is not one of {', '.join(ROLES)}")
    if role == "partner":
        if not partner_id:
            raise chain.OpsStoreError("a partner user needs the partner id it sees (--partner ID)")
        return known_partner(home, partner_id)
    if partner_id:
        raise chain.OpsStoreError(f"only partner users have a partner id, not role {role}")
    return None


@contextmanager
def _writing(home: Path | str) -> Iterator[sqlite3.Connection]:
    """One write transaction on the chain (reads inside it see a stable store)."""
    con = _connect(home)
    try:
        con.execute("begin immediate")  # one writer at a time: the chain is a sequence
        try:
            yield con
            con.execute("commit")
        except BaseException:
            con.execute("rollback")
            raise
        chain.write_head(home, con)
    finally:
        con.close()


def _connect(home: Path | str) -> sqlite3.Connection:
    con = chain.connect(home)
    # The lock-out checks read recent events of one login or one client.
    con.execute("create index if not exists sign_in_events_by_login on sign_in_events (login, seq)")
    con.execute(
        "create index if not exists sign_in_events_by_client on sign_in_events (client, seq)"
    )
    con.execute("create index if not exists user_events_by_login on user_events (login, seq)")
    con.executescript(_LANGUAGES_DDL)
    return con


_LANGUAGES_DDL = """
create table if not exists user_languages (
    id integer primary key, at text not null, actor text not null, login text not null,
    language text not null
);
create trigger if not exists user_languages_no_update before update on user_languages
begin select raise(abort, 'user_languages is append-only: record a new entry instead'); end;
create trigger if not exists user_languages_no_delete before delete on user_languages
begin select raise(abort, 'user_languages is append-only: entries are never deleted'); end;
"""


def _check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    return language


def _language(con: sqlite3.Connection, login: str) -> str:
    row = con.execute(
        "select language from user_languages where login = ? order by id desc limit 1", (login,)
    ).fetchone()
    return DEFAULT_LANGUAGE if row is None else str(row[0])


def _append_language(con: sqlite3.Connection, login: str, language: str, actor: str) -> None:
    con.execute(
        "insert into user_languages (at, actor, login, language) values (?, ?, ?, ?)",
        (chain.now(), actor, login, language),
    )


def _current(con: sqlite3.Connection, login: str) -> dict[str, Any] | None:
    row = con.execute(
        "select * from user_events where login = ? order by seq desc limit 1", (login,)
    ).fetchone()
    return None if row is None else dict(row)


def _public(state: dict[str, Any], con: sqlite3.Connection) -> dict[str, Any]:
    """A user as callers see it: never the hash; with created, disabled and last sign-in."""
    login = state["login"]
    created = con.execute(
        "select min(at) from user_events where login = ? and event = 'added'", (login,)
    ).fetchone()[0]
    last = con.execute(
        "select max(at) from sign_in_events where login = ? and event = 'signed_in'", (login,)
    ).fetchone()[0]
    return {
        "login": login,
        "display_name": state["display_name"],
        "role": state["role"],
        "partner_id": state["partner_id"],
        "state": state["state"],
        "language": _language(con, login),
        "created_at": created,
        "disabled_at": state["at"] if state["state"] == "disabled" else None,
        "last_sign_in": last,
        "must_change_password": _must_change_password(con, login),
    }


def _must_change_password(con: sqlite3.Connection, login: str) -> bool:
    marks = ",".join("?" * len(PASSWORD_EVENTS))
    row = con.execute(
        f"select event from user_events where login = ? and event in ({marks}) "
        "order by seq desc limit 1",
        (login, *PASSWORD_EVENTS),
    ).fetchone()
    return row is not None and row[0] == "one_time_password"


def _append_user(con: sqlite3.Connection, actor: str, event: str, state: dict[str, Any]) -> None:
    entry = {c: state.get(c) for c in chain.TABLES["user_events"]}
    chain.append(con, "user_events", [{**entry, "at": chain.now(), "actor": actor, "event": event}])


def add_user(
    home: Path | str,
    login: str,
    role: str,
    password: str,
    *,
    partner_id: str | None = None,
    display_name: str | None = None,
    language: str = DEFAULT_LANGUAGE,
    one_time: bool = False,
    actor: str,
) -> dict[str, Any]:
    """Create a user; refused when the login exists or the role, partner, password or
    language is bad. `one_time`: the user must change the password at first sign-in."""
    login = _check_login(login)
    _check_language(language)
    partner_name = _check_role(home, role, partner_id)
    password_hash = _HASHER.hash(_check_password(password))
    with _writing(home) as con:
        if _current(con, login) is not None:
            raise chain.OpsStoreError(
                f"user {login!r} exists already (see `partnerledger users list`)"
            )
        state = {
            "login": login,
            "display_name": (display_name or "").strip() or partner_name or login,
            "role": role,
            "partner_id": partner_id if role == "partner" else None,
            "state": "active",
            "password_hash": password_hash,
        }
        _append_user(con, actor, "added", state)
        if one_time:
            _append_user(con, actor, "one_time_password", state)
        if language != DEFAULT_LANGUAGE:
            _append_language(con, login, language, actor)
        return _public(_current(con, login) or state, con)


def set_language(home: Path | str, login: str, language: str, *, actor: str) -> dict[str, Any]:
    """Record the language the user's portal is shown in (one of LANGUAGES)."""
    login = normalize_login(login)
    _check_language(language)
    with _writing(home) as con:
        state = _current(con, login)
        if state is None:
            raise chain.OpsStoreError(f"no user {login!r} (see `partnerledger users list`)")
        _append_language(con, login, language, actor)
        return _public(state, con)


def _change(home: Path | str, login: str, actor: str, event: str, **changes: Any) -> dict[str, Any]:
    login = normalize_login(login)
    with _writing(home) as con:
        state = _current(con, login)
        if state is None:
            raise chain.OpsStoreError(f"no user {login!r} (see `partnerledger users list`)")
        _append_user(con, actor, event, {**state, **changes})
        return _public(_current(con, login) or state, con)


def disable_user(home: Path | str, login: str, *, actor: str) -> dict[str, Any]:
    """Disable a user: it can no longer sign in, and an open session of it ends."""
    return _change(home, login, actor, "disabled", state="disabled")


def enable_user(home: Path | str, login: str, *, actor: str) -> dict[str, Any]:
    """Let a disabled user sign in again (with its password as it was)."""
    return _change(home, login, actor, "enabled", state="active")


def reset_password(
    home: Path | str, login: str, password: str, *, one_time: bool = False, actor: str
) -> dict[str, Any]:
    """Give a user a new password (the old one stops working at once). `one_time`: the user
    must replace it with their own at the next sign-in."""
    event = "one_time_password" if one_time else "password_reset"
    return _change(home, login, actor, event, password_hash=_HASHER.hash(_check_password(password)))


def change_password(
    home: Path | str, login: str, current_password: str, new_password: str
) -> dict[str, Any]:
    """The user replaces their own password: the current one must match, the new one must
    pass the policy and differ from it. Written to the chain as `password_changed`."""
    login = normalize_login(login)
    _check_password(new_password)
    with _writing(home) as con:
        state = _current(con, login)
        if state is None or not _verify(state["password_hash"], current_password or ""):
            raise chain.OpsStoreError("the current password is not right")
        if new_password == current_password:
            raise chain.OpsStoreError("choose a new password that differs from the current one")
        changed = {**state, "password_hash": _HASHER.hash(new_password)}
        _append_user(con, f"user:{login}", "password_changed", changed)
        return _public(_current(con, login) or changed, con)


def grant_role(
    home: Path | str, login: str, role: str, *, partner_id: str | None = None, actor: str
) -> dict[str, Any]:
    """Give a user another role (and, for the partner role, the partner it sees)."""
    _check_role(home, role, partner_id)
    return _change(
        home,
        login,
        actor,
        "role_granted",
        role=role,
        partner_id=partner_id if role == "partner" else None,
    )


def user(home: Path | str, login: str) -> dict[str, Any] | None:
    """The current state of one user (no hash), None when there is no such user."""
    if not chain.store_path(home).exists():
        return None
    con = _connect(home)
    try:
        state = _current(con, normalize_login(login))
        return None if state is None else _public(state, con)
    finally:
        con.close()


def users(home: Path | str) -> list[dict[str, Any]]:
    """Every user's current state (no hash), by login."""
    if not chain.store_path(home).exists():
        return []
    con = _connect(home)
    try:
        logins = [r[0] for r in con.execute("select distinct login from user_events order by 1")]
        return [_public(_current(con, login) or {}, con) for login in logins]
    finally:
        con.close()


def user_for_identity(home: Path | str, email: str) -> dict[str, Any] | None:
    """The active user a single-sign-on identity (a verified email) signs in as, or None.

    The mapping is the login itself: a user who signs in through the identity provider is
    created with their email as login (`partnerledger users add ann@example.com ...`).
    """
    found = user(home, email)
    return found if found is not None and found["state"] == "active" else None


def sign_in_identity(home: Path | str, email: str | None, client: str) -> SignIn:
    """A sign-in through the identity provider (OIDC): the provider has checked the person,
    the store decides what they may see. Written to the chain like a password sign-in
    (`signed_in`, or `failed` for an identity without an active user); the lock-out limits
    are the provider's, not counted here."""
    login = normalize_login(email or "")
    found = user_for_identity(home, login) if login else None
    with _writing(home) as con:
        _record(con, utcnow(), "signed_in" if found else "failed", login or "-", client)
    if found is None:
        return SignIn(None, IDENTITY_WITHOUT_USER_MESSAGE)
    return SignIn(found)


# ---- sign-in ---------------------------------------------------------------------------


def _record(
    con: sqlite3.Connection,
    now: datetime,
    event: str,
    login: str,
    client: str,
    scope: str | None = None,
    until: datetime | None = None,
) -> None:
    chain.append(
        con,
        "sign_in_events",
        [
            {
                "at": _ts(now),
                "event": event,
                "login": login,
                "client": client,
                "lock_scope": scope,
                "lock_until": None if until is None else _ts(until),
            }
        ],
    )


_SCOPE_COLUMN = {"login": "login", "client": "client"}  # identifiers: an allowlist


def _locked_until(
    con: sqlite3.Connection, scope: str, value: str, now: datetime
) -> datetime | None:
    column = _SCOPE_COLUMN[scope]
    row = con.execute(
        f"select lock_until from sign_in_events where event = 'locked_out' and lock_scope = ? "
        f"and {column} = ? order by seq desc limit 1",
        (scope, value),
    ).fetchone()
    if row is None:
        return None
    until = datetime.fromisoformat(row[0])
    return until if until > now else None


def _recent_failures(con: sqlite3.Connection, scope: str, value: str, now: datetime) -> int:
    column = _SCOPE_COLUMN[scope]
    resets = "(event = 'locked_out' and lock_scope = ?)"
    if scope == "login":
        resets += " or event = 'signed_in'"
    last_reset = con.execute(
        f"select coalesce(max(seq), 0) from sign_in_events where {column} = ? and ({resets})",
        (value, scope),
    ).fetchone()[0]
    return con.execute(
        f"select count(*) from sign_in_events where {column} = ? and event = 'failed' "
        "and seq > ? and at >= ?",
        (value, last_reset, _ts(now - FAILURE_WINDOW)),
    ).fetchone()[0]


def lock_message(scope: str, until: datetime) -> str:
    minutes = int(LOCKOUT.total_seconds() // 60)
    what = "this login" if scope == "login" else "this device or network"
    return (
        f"Too many failed sign-ins for {what}: sign-in is locked for {minutes} minutes, "
        f"until {until:%H:%M} UTC. Try again then, or ask an administrator."
    )


def sign_in(
    home: Path | str, login: str, password: str, client: str, now: datetime | None = None
) -> SignIn:
    """Check a login and password from `client`; every outcome is written to the chain.

    A locked login or client is refused without checking the password. A wrong password and
    an unknown login fail alike (same message, same argon2 work). `now` (naive UTC) is the
    time of the attempt; the app leaves it to the clock.
    """
    now = now or utcnow()
    login = normalize_login(login)
    with _writing(home) as con:
        for scope, value in (("client", client), ("login", login)):
            until = _locked_until(con, scope, value, now)
            if until is not None:
                _record(con, now, "refused_locked", login, client, scope, until)
                return SignIn(None, lock_message(scope, until))
        state = _current(con, login)
        matches = _verify(state["password_hash"] if state else _dummy_hash(), password or "")
        if state is not None and matches:
            if state["state"] != "active":
                _record(con, now, "refused_disabled", login, client)
                return SignIn(None, DISABLED_MESSAGE)
            _record(con, now, "signed_in", login, client)
            return SignIn(_public(state, con))
        _record(con, now, "failed", login, client)
        message = FAILED_MESSAGE
        for scope, value, limit in (
            ("client", client, MAX_FAILURES_PER_CLIENT),
            ("login", login, MAX_FAILURES_PER_LOGIN),
        ):
            if _recent_failures(con, scope, value, now) >= limit:
                _record(con, now, "locked_out", login, client, scope, now + LOCKOUT)
                message = lock_message(scope, now + LOCKOUT)
        return SignIn(None, message)


def record_session_event(
    home: Path | str, event: str, login: str, client: str, now: datetime | None = None
) -> None:
    """Write the end of an app session (`signed_out` or `expired`) to the chain."""
    if event not in ("signed_out", "expired"):
        raise ValueError(f"session event {event!r} is not signed_out or expired")
    with _writing(home) as con:
        _record(con, now or utcnow(), event, normalize_login(login), client)


def sign_in_events(home: Path | str) -> list[dict[str, Any]]:
    """Every sign-in event, oldest first (the audit trail of the app's door)."""
    return chain.entries(home, "sign_in_events")


# ---- demo ------------------------------------------------------------------------------

DEMO_STAFF = (("admin", "admin"), ("manager", "manager"), ("finance", "finance"))


def create_demo_users(home: Path | str, *, actor: str) -> list[dict[str, Any]]:
    """Demo users with fresh random passwords: admin, manager, finance and two partners.

    The partners are the two with the most statement rows in the published marts. A demo
    user that exists already gets a new password. Returns login, role, partner and the
    password in clear: for a demo only, never for real users.
    """
    serving = paths.Home(Path(home)).serving
    if not serving.exists():
        raise chain.OpsStoreError(f"nothing is published at {serving}: run `partnerledger build`")
    with duckdb.connect(str(serving), read_only=True) as con:
        partner_ids = [
            r[0]
            for r in con.execute(
                "select partner_id from marts.fct_partner_monthly_statement "
                "group by partner_id order by count(*) desc, partner_id limit 2"
            ).fetchall()
        ]
    wanted = [(login, role, None) for login, role in DEMO_STAFF] + [
        (f"partner-{pid.lower()}", "partner", pid) for pid in partner_ids
    ]
    made = []
    for login, role, partner_id in wanted:
        password = secrets.token_urlsafe(12)
        if user(home, login) is None:
            add_user(home, login, role, password, partner_id=partner_id, actor=actor)
        else:
            reset_password(home, login, password, actor=actor)
        made.append({"login": login, "role": role, "partner_id": partner_id, "password": password})
    return made
