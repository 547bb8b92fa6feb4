"""Everything the partner portal reads, through one object bound to the signed-in partner.

`partner_scope()` is the only way to get a `PartnerScope`: it takes the partner id from the
signed-in user's current record in the ops store (app.auth.current_viewer), never from the
URL, a widget or the session state, and refuses anyone who is not a signed-in partner.
Building one directly needs this module's private token, so a page cannot make a scope for
another id. Every query below binds the scope's partner (or, for the sub-partner pages, the
ids of its own downline from marts.dim_partner_tree) as `?` parameters; the only identifiers
put into SQL text come from the fixed allowlists of this module. A filter value (a brand, a
country, a sub-id) is only ever a bound value, so a crafted one matches nothing.

What a partner never sees: another partner's rows, any customer of a sub-partner, customer
emails, names or person keys. Its own referrals appear only as an opaque reference, an
HMAC-SHA256 of (partner, brand, customer) keyed by the home's portal key (`customer_ref`),
stable across months and publishes, and different for each partner.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import date
from pathlib import Path

import pandas as pd

from app import data
from app.auth import current_viewer
from partnerledger import paths, vocabulary

# The home file holding the key of the customer references (32 random bytes, made at first
# use, readable by the app's user only). Losing it changes every reference, nothing else.
CUSTOMER_REF_KEY_FILE = "portal_customer_ref.key"

_TOKEN = object()  # only this module's partner_scope() holds it

# Ways to break down the activity report: the name a page asks for -> the mart's column.
DIMENSIONS: dict[str, str] = {
    "brand": "brand_id",
    "month": "period_month",
    "day": "activity_date",
    "country": "country",
    "link": "link_id",
    "sub1": "sub1",
    "sub2": "sub2",
    "sub3": "sub3",
    "sub4": "sub4",
    "sub5": "sub5",
}
ACTIVITY_MEASURES = (
    "clicks",
    "registrations",
    "ftds",
    "qualified_cpas",
    "lots",
    "challenge_sales",
)
# Components a master earns from its downline (RULES.md "Sub-affiliates", "Forex IBs").
DOWNLINE_COMPONENTS = ("sub_partner", "ib_override")


class ScopeError(PermissionError):
    """A portal read outside the signed-in partner's own data was asked for and refused."""


def partner_scope() -> PartnerScope:
    """The scope of the signed-in partner of this session; ScopeError for anyone else."""
    viewer = current_viewer()
    if viewer.role != "partner" or not viewer.partner_id:
        raise ScopeError("the partner portal is for a signed-in partner user only")
    return PartnerScope(viewer.partner_id, _token=_TOKEN)


def _customer_ref_key() -> bytes:
    path: Path = paths.home().root / CUSTOMER_REF_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two sessions racing to make the key keep the first one
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(32))
    key = path.read_bytes()
    if len(key) < 32:
        raise RuntimeError(f"{path}: the portal key is shorter than 32 bytes; delete it to renew")
    return key


def customer_ref(partner_id: str, brand_id: str, customer_id: str) -> str:
    """The opaque reference of a partner's own referral (HMAC-SHA256, first 16 hex digits)."""
    message = f"{partner_id}\x1f{brand_id}\x1f{customer_id}".encode()
    return "C-" + hmac.new(_customer_ref_key(), message, hashlib.sha256).hexdigest()[:16]


class PartnerScope:
    """The portal's reads for one partner and its own downline (see the module docstring)."""

    __slots__ = ("_partner_id",)

    def __init__(self, partner_id: str, *, _token: object = None) -> None:
        if _token is not _TOKEN:
            raise ScopeError("a PartnerScope comes from app.scope.partner_scope() only")
        self._partner_id = partner_id

    def __setattr__(self, name: str, value: object) -> None:
        if hasattr(self, "_partner_id"):
            raise ScopeError("a PartnerScope's partner is fixed when it is made")
        object.__setattr__(self, name, value)

    @property
    def partner_id(self) -> str:
        return self._partner_id

    # ---- who -----------------------------------------------------------------------------

    def profile(self) -> dict:
        return data.partner(self._partner_id) or {}

    def downline(self) -> pd.DataFrame:
        """Every partner below this one (depth 1 = direct), id, name, parent and depth."""
        return data.sub_partner_tree(self._partner_id)

    def sub_partner(self, sub_partner_id: object) -> str:
        """`sub_partner_id` when it is in this partner's downline; ScopeError otherwise."""
        if not isinstance(sub_partner_id, str) or sub_partner_id not in set(
            self.downline()["partner_id"]
        ):
            raise ScopeError(f"{sub_partner_id!r} is not one of your sub-partners")
        return sub_partner_id

    # ---- statements and payouts ---------------------------------------------------------

    def statement_months(self) -> list[date]:
        return data.statement_months(self._partner_id)

    def statements(self) -> pd.DataFrame:
        """Every statement of the partner: per month and brand, each figure and the total."""
        return data.statements(self._partner_id)

    def payouts(self) -> pd.DataFrame:
        """The partner's published payouts: month, amount, currency, status, balance carried."""
        return data._read(
            "select period_month, payout_currency, amount, status, carried_out "
            "from marts.mart_payouts where partner_id = ? order by period_month desc",
            [self._partner_id],
        )

    def carryover(self) -> pd.DataFrame:
        """How the revshare carryover was formed: per month and brand, gross, in, out, paid."""
        return data._read(
            "select period_month, brand_id, currency, revshare_gross, carryover_in, "
            "carryover_out, revshare from marts.fct_partner_monthly_statement "
            "where partner_id = ? order by period_month desc, brand_id",
            [self._partner_id],
        )

    # ---- commission lines and deals -----------------------------------------------------

    def commission_lines(self, month: date | None = None) -> pd.DataFrame:
        """The partner's lines, a customer shown only as its opaque reference and only when it
        is the partner's own referral (never a sub-partner's customer)."""
        lines = data._read(
            "select l.period_month, l.brand_id, l.component, l.deal_id, l.deal_version, "
            "c.customer_id as own_customer_id, l.symbol_group, l.basis_amount, l.basis_unit, "
            "l.rate, l.amount, l.currency, l.explanation "
            "from marts.fct_commission_lines l "
            "left join marts.dim_customers c on c.customer_id = l.customer_id "
            "and c.brand_id = l.brand_id and c.partner_id = l.partner_id "
            "where l.partner_id = ? and (cast(? as date) is null or l.period_month = ?) "
            "order by l.period_month desc, l.brand_id, l.component, l.line_id",
            [self._partner_id, month, month],
        )
        refs = [
            None if pd.isna(c) else customer_ref(self._partner_id, b, c)
            for b, c in zip(lines["brand_id"], lines["own_customer_id"])
        ]
        lines.insert(5, "customer_ref", refs)
        # The explanation names the customer id: say it with the reference instead.
        lines["explanation"] = [
            e if pd.isna(c) else e.replace(c, r)
            for e, c, r in zip(lines["explanation"], lines["own_customer_id"], refs)
        ]
        return lines.drop(columns=["own_customer_id"])

    def cpa_progress(self) -> pd.DataFrame:
        """CPA progress of the partner's own recent registrations (marts.mart_cpa_progress),
        one row per customer and condition; a customer only as its opaque reference. The mart's
        partner is the attributed one, so a sub-partner's customers never appear here."""
        rows = data._read(
            "select brand_id, customer_id, condition, status, current_value, required_value, "
            "value_unit, registration_date, window_end, days_left, qualified_on, as_of_date "
            "from marts.mart_cpa_progress where partner_id = ? "
            "order by registration_date desc, brand_id, customer_id, condition_order",
            [self._partner_id],
        )
        rows.insert(
            1,
            "customer_ref",
            [customer_ref(self._partner_id, b, c) for b, c in zip(rows["brand_id"], rows["customer_id"])],
        )
        return rows.drop(columns=["customer_id"])

    def deal_versions(self) -> pd.DataFrame:
        """The partner's deal versions, in force or past (marts.dim_deal_versions)."""
        return data._read(
            "select deal_id, deal_version, brand_id, effective_from, effective_to, currency, "
            "components, terms_json, reason from marts.dim_deal_versions "
            "where partner_id = ? order by deal_id, deal_version desc",
            [self._partner_id],
        )

    # ---- activity -----------------------------------------------------------------------

    def activity(
        self,
        by: list[str],
        *,
        month: date | None = None,
        brand_id: str | None = None,
        country: str | None = None,
        link_id: str | None = None,
    ) -> pd.DataFrame:
        """The partner's activity summed by the named DIMENSIONS under the filters."""
        return self._activity([self._partner_id], by, month, brand_id, country, link_id)

    def filter_values(self) -> dict[str, list[str]]:
        """The brands, countries and links of the partner's own activity, for the filters."""
        df = data._read(
            "select distinct brand_id, country, link_id from marts.mart_partner_daily_activity "
            "where partner_id = ?",
            [self._partner_id],
        )
        return {c: sorted(df[c].dropna().unique()) for c in ("brand_id", "country", "link_id")}

    def _activity(
        self,
        ids: list[str],
        by: list[str],
        month: date | None = None,
        brand_id: str | None = None,
        country: str | None = None,
        link_id: str | None = None,
    ) -> pd.DataFrame:
        unknown = [d for d in by if d not in DIMENSIONS]
        if unknown:
            raise ScopeError(f"cannot break the report down by {unknown}: use {list(DIMENSIONS)}")
        keys = [DIMENSIONS[d] for d in by]
        sums = ", ".join(f"sum(a.{m}) as {m}" for m in ACTIVITY_MEASURES)
        select = ", ".join([*(f"a.{k}" for k in keys), sums])
        order = ", ".join(f"a.{k} nulls last" for k in keys) or "1"
        return data._read(
            f"select {select} from marts.mart_partner_daily_activity a "
            "where list_contains(?, a.partner_id) "
            "and (cast(? as date) is null or a.period_month = ?) "
            "and (cast(? as varchar) is null or a.brand_id = ?) "
            "and (cast(? as varchar) is null or a.country = ?) "
            "and (cast(? as varchar) is null or a.link_id = ?) "
            f"{'group by ' + ', '.join(f'a.{k}' for k in keys) if keys else ''} "
            f"order by {order}",
            [ids, month, month, brand_id, brand_id, country, country, link_id, link_id],
        )

    # ---- the downline -------------------------------------------------------------------

    def downline_performance(self, month: date | None = None) -> pd.DataFrame:
        """Each sub-partner of the tree with its activity and statement totals (no customer
        detail): one row per sub-partner and statement currency."""
        tree = self.downline()
        if tree.empty:
            return tree
        ids = list(tree["partner_id"])
        activity = data._read(
            "select partner_id, sum(clicks) as clicks, sum(registrations) as registrations, "
            "sum(ftds) as ftds, sum(qualified_cpas) as qualified_cpas "
            "from marts.mart_partner_daily_activity where list_contains(?, partner_id) "
            "and (cast(? as date) is null or period_month = ?) group by partner_id",
            [ids, month, month],
        )
        totals = data._read(
            "select partner_id, currency, sum(total) as total "
            "from marts.fct_partner_monthly_statement where list_contains(?, partner_id) "
            "and (cast(? as date) is null or period_month = ?) group by partner_id, currency",
            [ids, month, month],
        )
        out = tree.merge(activity, on="partner_id", how="left")
        out = out.merge(totals, on="partner_id", how="left")
        for m in ("clicks", "registrations", "ftds", "qualified_cpas"):
            out[m] = out[m].fillna(0).astype("int64")
        return out

    def downline_earnings(self) -> pd.DataFrame:
        """What the downline earns this partner: its sub-partner and IB-override lines."""
        return data._read(
            "select period_month, brand_id, component, sum(amount) as amount, currency "
            "from marts.fct_commission_lines where partner_id = ? "
            "and list_contains(?, component) group by all "
            "order by period_month desc, brand_id, component",
            [self._partner_id, list(DOWNLINE_COMPONENTS)],
        )

    def sub_partner_activity(self, sub_partner_id: object, by: list[str]) -> pd.DataFrame:
        """One sub-partner's activity (ScopeError unless it is in this partner's downline)."""
        return self._activity([self.sub_partner(sub_partner_id)], by)


def component_names() -> tuple[str, ...]:
    return vocabulary.component_names()
