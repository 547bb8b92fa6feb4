"""Notices to partners and who has read them, as entries of the ops store's hash chain.

Two chained tables (partnerledger.ops_store.chain.TABLES):
- `notices`: announcements (to every partner when partner_id is empty, else to one) and
  notices recorded with another change (`payout_details_changed`, partner_requests);
- `notice_reads`: one entry per user and notice read. A `notice_key` names a stored notice
  (`notice:<seq>`) or one derived at read time (`amendment:<deal>:v<version>`, the notices
  of deal amendments, app.portal_self_service), so both share one read state.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from partnerledger.ops_store import chain

KINDS = ("announcement", "payout_details_changed")
POSTING_ROLES = ("manager", "admin")
MAX_TITLE = 200
MAX_BODY = 5000


def entry(kind: str, partner_id: str | None, title: str, body: str, *, actor: str) -> dict:
    """A notices entry, checked, for callers that append it inside their own transaction."""
    if kind not in KINDS:
        raise chain.OpsStoreError(f"notice kind {kind!r} is not one of {', '.join(KINDS)}")
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise chain.OpsStoreError("a notice needs a title and a text")
    if len(title) > MAX_TITLE or len(body) > MAX_BODY:
        raise chain.OpsStoreError(
            f"a notice's title is at most {MAX_TITLE} characters and its text {MAX_BODY}"
        )
    return {
        "at": chain.now(),
        "actor": actor,
        "kind": kind,
        "partner_id": partner_id or None,
        "title": title,
        "body": body,
    }


def post_announcement(
    home: Path | str,
    title: str,
    body: str,
    *,
    actor: str,
    role: str,
    partner_id: str | None = None,
) -> dict[str, Any]:
    """An announcement to every partner (or to one); managers and admins post them."""
    if role not in POSTING_ROLES:
        raise chain.OpsStoreError(f"role {role!r} cannot post announcements")
    row = entry("announcement", partner_id, title, body, actor=actor)
    seq = chain.transaction(home, "notices", [row])[0]
    return {**row, "seq": seq, "key": f"notice:{seq}"}


def notices_for(home: Path | str, partner_id: str) -> list[dict[str, Any]]:
    """The stored notices a partner sees (its own and everyone's), newest first, with `key`."""
    return [
        {**n, "key": f"notice:{n['seq']}"}
        for n in reversed(chain.entries(home, "notices"))
        if n["partner_id"] in (None, partner_id)
    ]


def read_keys(home: Path | str, login: str) -> set[str]:
    """The notice keys this user has read."""
    return {r["notice_key"] for r in chain.entries(home, "notice_reads") if r["login"] == login}


def mark_read(home: Path | str, login: str, notice_key: str) -> bool:
    """Record that `login` read a notice; False (nothing written) when it had already."""
    if not login or not notice_key or len(notice_key) > 200:
        raise chain.OpsStoreError("a read needs the user's login and the notice's key")
    if notice_key in read_keys(home, login):
        return False
    chain.transaction(
        home, "notice_reads", [{"at": chain.now(), "login": login, "notice_key": notice_key}]
    )
    return True
