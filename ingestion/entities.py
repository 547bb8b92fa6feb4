"""One schema per landing entity: the input contract (docs/reference/landing-contract.md) as data.

Everything that needs to know what a landing file looks like reads it from here: the
ingestion (validation and raw tables), the generator (what it writes), the dbt sources
(the raw table columns) and the tests. A column's raw name is the contract's name in lower
case (MT4/MT5 keep their platform names: `TimeMsc` lands as `timemsc`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Column kinds. The raw DuckDB type each lands as is in RAW_TYPES.
STRING = "string"
INT = "int"  # whole numbers (versions, MT cmd/action/entry, volumes in platform units)
DECIMAL = "decimal"  # money, prices, rates: never float
BOOL = "bool"  # true/false, 1/0, yes/no, any case
TIMESTAMP = "timestamp"  # ISO-8601; without an offset it is UTC; lands as UTC without offset
DATE = "date"  # YYYY-MM-DD
EPOCH_OR_DATETIME = "epoch_or_datetime"  # MT5 Time: epoch seconds or 'YYYY-MM-DD HH:MM:SS'
EPOCH_MS_OR_DATETIME = "epoch_ms_or_datetime"  # MT5 TimeMsc: epoch ms or datetime with fraction

RAW_TYPES = {
    STRING: "varchar",
    INT: "bigint",
    DECIMAL: "decimal(24,8)",
    BOOL: "boolean",
    TIMESTAMP: "timestamp",
    DATE: "date",
    EPOCH_OR_DATETIME: "timestamp",
    EPOCH_MS_OR_DATETIME: "timestamp",
}

# Value checks beyond the type.
CURRENCY = "currency"  # ISO 4217 code
COUNTRY = "country"  # ISO 3166-1 alpha-2
COUNTRY_LIST = "country_list"  # ';'-separated ISO 3166-1 alpha-2 codes, may be empty
NON_NEGATIVE = "non_negative"  # amounts that can never be negative
POSITIVE = "positive"  # e.g. FX rates


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = STRING
    required: bool = False
    enum: tuple[str, ...] | None = None  # allowed values (compared as text, exactly)
    check: str | None = None  # CURRENCY, COUNTRY, COUNTRY_LIST, NON_NEGATIVE, POSITIVE
    default: str | None = None  # text used when the value is empty or the column absent
    source_name: str | None = None  # the name in the landing file when it is not `name`


@dataclass(frozen=True)
class Entity:
    name: str
    source: str  # landing sub-folder: ops, tracking, brand, trading
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # natural key of one version of a row (duplicates resolved in staging)
    formats: tuple[str, ...] = ("csv", "csv.gz", "jsonl", "ndjson", "parquet")
    description: str = ""
    extra_tables: tuple[str, ...] = field(default_factory=tuple)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"{self.name} has no column {name!r}")


def _c(name: str, kind: str = STRING, **kw) -> Column:
    return Column(name, kind, **kw)


def _req(name: str, kind: str = STRING, **kw) -> Column:
    return Column(name, kind, required=True, **kw)


VERTICALS = ("igaming", "forex", "prop")
PARTNER_TYPES = ("affiliate", "ib", "referral", "influencer", "ambassador", "media_buyer")
PARTNER_STATUSES = ("applied", "kyc_pending", "active", "suspended", "terminated")
KYC_STATUSES = ("none", "pending", "verified", "rejected")
SYMBOL_GROUPS = ("fx_major", "fx_minor", "metals", "indices", "energies", "crypto", "stocks")

ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in [
        # ---- ops/ -------------------------------------------------------------------------
        Entity(
            "brands",
            "ops",
            (
                _req("brand_id"),
                _req("brand_name"),
                _req("vertical", enum=VERTICALS),
                _req("currency", check=CURRENCY),
                _c("restricted_countries", check=COUNTRY_LIST),
            ),
            key=("brand_id",),
            description="Brands the operator runs, with vertical, currency and restricted countries.",
        ),
        Entity(
            "partners",
            "ops",
            (
                _req("partner_id"),
                _req("display_name"),
                _req("partner_type", enum=PARTNER_TYPES),
                _c("parent_partner_id"),
                _c("person_key"),
                _c("country", check=COUNTRY),
                _c("email"),
                _req("status", enum=PARTNER_STATUSES),
                _c("kyc_status", enum=KYC_STATUSES, default="none"),
                _c("joined_at", TIMESTAMP),
                _req("payout_currency", check=CURRENCY),
                _c("payout_threshold", DECIMAL, check=NON_NEGATIVE, default="0"),
            ),
            key=("partner_id",),
            description="Partner accounts: affiliates, IBs, sub-partners (parent_partner_id).",
        ),
        Entity(
            "partner_brands",
            "ops",
            (
                _req("partner_id"),
                _req("brand_id"),
                _c("joined_at", TIMESTAMP),
                _req("status", enum=("active", "paused", "closed")),
                _c("coupon_codes"),
            ),
            key=("partner_id", "brand_id"),
            description="Which partner works which brand, with the coupon codes handed out there.",
        ),
        Entity(
            # Deal terms are nested: ingestion/deals.py flattens them into raw.deals (one row per
            # version, scalar terms as columns), raw.deal_tiers and raw.deal_rates.
            "deals",
            "ops",
            (
                _req("deal_id"),
                _req("version", INT),
                _req("partner_id"),
                _c("brand_id"),
                _req("effective_from", DATE),
                _c("effective_to", DATE),
                _req("currency", check=CURRENCY),
                _c("created_at", TIMESTAMP),
                _c("created_by"),
                _c("reason"),
                _req("terms"),  # JSON text of the terms object as it came
            ),
            key=("deal_id", "version"),
            formats=("csv", "csv.gz", "jsonl", "ndjson", "parquet", "json", "yaml", "yml"),
            description="Effective-dated deal versions binding a partner to commission terms.",
            extra_tables=("deal_tiers", "deal_rates"),
        ),
        Entity(
            "symbols",
            "ops",
            (
                _req("symbol"),
                _req("symbol_group", enum=SYMBOL_GROUPS),
                _c("contract_size", DECIMAL, check=NON_NEGATIVE),
                _c("markup_per_lot_usd", DECIMAL, check=NON_NEGATIVE, default="0"),
            ),
            key=("symbol",),
            description="Trading symbols with their rebate group and the broker's markup per lot.",
        ),
        Entity(
            "fx_rates",
            "ops",
            (
                _req("rate_date", DATE),
                _req("currency", check=CURRENCY),
                _req("usd_per_unit", DECIMAL, check=POSITIVE),
            ),
            key=("rate_date", "currency"),
            description="Daily FX rates: US dollars per unit of a currency.",
        ),
        Entity(
            "ngr_rules",
            "ops",
            (
                _req("brand_id"),
                _c("admin_fee_rate", DECIMAL, check=NON_NEGATIVE, default="0"),
                _c("deduct_bonuses", BOOL, default="true"),
                _c("deduct_jackpot", BOOL, default="true"),
                _c("deduct_tax", BOOL, default="true"),
                _c("deduct_chargebacks", BOOL, default="true"),
            ),
            key=("brand_id",),
            description="Per-brand NGR deductions and admin fee.",
        ),
        # ---- tracking/ --------------------------------------------------------------------
        Entity(
            "clicks",
            "tracking",
            (
                _req("click_id"),
                _req("partner_id"),
                _req("brand_id"),
                _c("link_id"),
                _c("sub1"),
                _c("sub2"),
                _c("sub3"),
                _c("sub4"),
                _c("sub5"),
                _req("clicked_at", TIMESTAMP),
                _c("country", check=COUNTRY),
                _c("ip_hash"),
                _c("user_agent"),
                _c("landing_url"),
            ),
            key=("click_id",),
            description="Tracked clicks on partner links.",
        ),
        Entity(
            "conversions",
            "tracking",
            (
                _req("event_id"),
                _c("click_id"),
                _c("coupon_code"),
                _c("customer_id"),
                _req("brand_id"),
                _req("event_type", enum=("registration", "ftd", "deposit", "purchase")),
                _c("amount", DECIMAL, check=NON_NEGATIVE),
                _c("currency", check=CURRENCY),
                _req("occurred_at", TIMESTAMP),
                _c("received_at", TIMESTAMP),
            ),
            key=("event_id",),
            description="Server-to-server postbacks; the same event_id may arrive more than once.",
        ),
        # ---- brand/ -----------------------------------------------------------------------
        Entity(
            "customers",
            "brand",
            (
                _req("customer_id"),
                _req("brand_id"),
                _req("registered_at", TIMESTAMP),
                _c("country", check=COUNTRY),
                _c("kyc_status", enum=KYC_STATUSES, default="none"),
                _c("kyc_verified_at", TIMESTAMP),
                _c("btag"),
                _c("coupon_code"),
                _c("is_test", BOOL, default="false"),
            ),
            key=("customer_id", "brand_id"),
            description="Customers registered on a brand, with the tracking hints used for attribution.",
        ),
        Entity(
            "payments",
            "brand",
            (
                _req("transaction_id"),
                _req("customer_id"),
                _req("brand_id"),
                _req("kind", enum=("deposit", "withdrawal")),
                _req("status", enum=("approved", "declined", "reversed")),
                _req("amount", DECIMAL, check=NON_NEGATIVE),
                _req("currency", check=CURRENCY),
                _req("occurred_at", TIMESTAMP),
            ),
            key=("transaction_id", "brand_id"),
            description="Deposits and withdrawals; the first approved deposit is the FTD.",
        ),
        Entity(
            "casino_activity",
            "brand",
            (
                _req("activity_date", DATE),
                _req("customer_id"),
                _req("brand_id"),
                _req("product", enum=("casino", "sportsbook", "poker")),
                _req("currency", check=CURRENCY),
                _req("stakes", DECIMAL, check=NON_NEGATIVE),
                _req("payouts", DECIMAL, check=NON_NEGATIVE),
                _c("bonus_cost", DECIMAL, check=NON_NEGATIVE, default="0"),
                _c("jackpot_contribution", DECIMAL, check=NON_NEGATIVE, default="0"),
                _c("gaming_tax", DECIMAL, check=NON_NEGATIVE, default="0"),
                _c("chargebacks", DECIMAL, check=NON_NEGATIVE, default="0"),
            ),
            key=("activity_date", "customer_id", "brand_id", "product"),
            description="Casino, sportsbook and poker activity per customer, day and product.",
        ),
        Entity(
            "prop_orders",
            "brand",
            (
                _req("order_id"),
                _req("customer_id"),
                _req("brand_id"),
                _req("kind", enum=("purchase", "reset", "refund", "chargeback")),
                _c("product"),
                _req("amount", DECIMAL, check=NON_NEGATIVE),
                _req("currency", check=CURRENCY),
                _c("coupon_code"),
                _c("refers_to_order_id"),
                _req("occurred_at", TIMESTAMP),
            ),
            key=("order_id", "brand_id"),
            description="Prop-firm challenge purchases, resets, refunds and chargebacks.",
        ),
        # ---- trading/ ---------------------------------------------------------------------
        Entity(
            "trading_accounts",
            "trading",
            (
                _req("platform", enum=("mt4", "mt5")),
                _req("server"),
                _req("login", INT),
                _req("customer_id"),
                _req("brand_id"),
                _req("currency", check=CURRENCY),
                _c("opened_at", TIMESTAMP),
            ),
            key=("platform", "server", "login"),
            description="MT4/MT5 trading accounts and the customer who owns each.",
        ),
        Entity(
            "mt4_trades",
            "trading",
            (
                _req("ticket", INT, source_name="TICKET"),
                _req("login", INT, source_name="LOGIN"),
                _c("symbol", source_name="SYMBOL"),
                _c("digits", INT, source_name="DIGITS"),
                _req("cmd", INT, enum=tuple(str(i) for i in range(8)), source_name="CMD"),
                _req("volume", INT, check=NON_NEGATIVE, source_name="VOLUME"),
                _req("open_time", TIMESTAMP, source_name="OPEN_TIME"),
                _c("open_price", DECIMAL, source_name="OPEN_PRICE"),
                _c("close_time", TIMESTAMP, source_name="CLOSE_TIME"),
                _c("close_price", DECIMAL, source_name="CLOSE_PRICE"),
                _c("commission", DECIMAL, source_name="COMMISSION"),
                _c("swaps", DECIMAL, source_name="SWAPS"),
                _c("profit", DECIMAL, source_name="PROFIT"),
                _c("comment", source_name="COMMENT"),
                _c("modify_time", TIMESTAMP, source_name="MODIFY_TIME"),
                _req("server", source_name="SERVER"),
            ),
            key=("server", "ticket", "modify_time"),
            description="MT4 trades table; a re-exported ticket (later MODIFY_TIME) wins.",
        ),
        Entity(
            "mt5_deals",
            "trading",
            (
                _req("deal", INT, source_name="Deal"),
                _req("login", INT, source_name="Login"),
                _req("time", EPOCH_OR_DATETIME, source_name="Time"),
                _c("timemsc", EPOCH_MS_OR_DATETIME, source_name="TimeMsc"),
                _c("symbol", source_name="Symbol"),
                _req("action", INT, source_name="Action"),
                _c("entry", INT, enum=("0", "1", "2", "3"), default="0", source_name="Entry"),
                _req("volume", INT, check=NON_NEGATIVE, source_name="Volume"),
                _c("volumeext", INT, check=NON_NEGATIVE, source_name="VolumeExt"),
                _c("volumeclosed", INT, check=NON_NEGATIVE, source_name="VolumeClosed"),
                _c("volumeclosedext", INT, check=NON_NEGATIVE, source_name="VolumeClosedExt"),
                _c("price", DECIMAL, source_name="Price"),
                _c("profit", DECIMAL, source_name="Profit"),
                _c("commission", DECIMAL, source_name="Commission"),
                _c("fee", DECIMAL, source_name="Fee"),
                _c("storage", DECIMAL, source_name="Storage"),
                _c("positionid", INT, source_name="PositionID"),
                _c("comment", source_name="Comment"),
                _req("server", source_name="Server"),
            ),
            key=("server", "deal"),
            description="MT5 deals table as the MySQL gateway writes it.",
        ),
    ]
}

SOURCES = ("ops", "tracking", "brand", "trading")

# Lineage columns every raw table carries after its contract columns.
LINEAGE_COLUMNS = {
    "_source_file": "varchar",  # path relative to the landing directory
    "_line_number": "bigint",  # line in the file (header = line 1); record number for parquet/json
    "_load_id": "varchar",  # one id per ingestion run
    "_loaded_at": "timestamp",
    "_extra": "varchar",  # JSON object of the file's columns the contract does not name
}


def entity_for_file(relative_path: str) -> Entity | None:
    """The entity a landing file belongs to, from its file name's first part.

    `clicks.csv`, `clicks_2026-03-01.csv`, `clicks-part-0007.parquet` are all clicks; the
    longest entity name that the file name starts with, followed by a separator or the
    extension, wins (so `mt5_deals_x.csv` is mt5_deals, never a shorter name).
    """
    name = relative_path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    best: Entity | None = None
    for entity in ENTITIES.values():
        n = entity.name
        named = name.startswith(n) and (len(name) == len(n) or name[len(n)] in "._-0123456789")
        if named and (best is None or len(n) > len(best.name)):
            best = entity
    return best


# Deal terms flattened by ingestion/deals.py. raw.deals carries the Entity columns above
# (terms kept as JSON text) plus these scalar term columns (NULL where the component or the
# field is absent; `has_<component>` says whether the component is present at all).
DEAL_TERM_COLUMNS: dict[str, str] = {
    "has_cpa": "boolean",
    "cpa_amount": "decimal(24,8)",
    "cpa_min_first_deposit": "decimal(24,8)",
    "cpa_min_deposits_total": "decimal(24,8)",
    "cpa_min_wagered": "decimal(24,8)",
    "cpa_min_lots": "decimal(24,8)",
    "cpa_require_kyc": "boolean",
    "cpa_window_days": "bigint",
    "cpa_geo_allowlist": "varchar",  # ';'-joined ISO alpha-2 codes; NULL/empty = all allowed
    "has_revshare": "boolean",
    "revshare_basis": "varchar",  # ngr
    "revshare_tier_metric": "varchar",  # ngr | ftd_count
    "revshare_tier_mode": "varchar",  # whole | progressive
    "revshare_negative_carryover": "boolean",
    "has_lot_rebate": "boolean",
    "lot_rebate_override": "varchar",  # none | difference | fixed
    "lot_rebate_min_hold_seconds": "bigint",
    "has_spread_share": "boolean",
    "spread_share_rate": "decimal(24,8)",
    "has_challenge": "boolean",
    "challenge_rate": "decimal(24,8)",
    "challenge_repeat_rate": "decimal(24,8)",  # the rate itself when absent in the terms
    "challenge_clawback_days": "bigint",
    "has_sub_partner": "boolean",
    "sub_partner_rate": "decimal(24,8)",
}
# raw.deal_tiers: one row per revshare tier band of a deal version.
DEAL_TIER_COLUMNS: dict[str, str] = {
    "deal_id": "varchar",
    "version": "bigint",
    "tier_no": "bigint",  # 1 = lowest band
    "tier_from": "decimal(24,8)",  # band starts at this metric value (deal currency or FTD count)
    "rate": "decimal(24,8)",
}
# raw.deal_rates: one row per symbol group rate of a deal version's lot rebate.
DEAL_RATE_COLUMNS: dict[str, str] = {
    "deal_id": "varchar",
    "version": "bigint",
    "rate_kind": "varchar",  # rebate (lot_rebate.rates) | override (lot_rebate.override_rates)
    "symbol_group": "varchar",  # a SYMBOL_GROUPS value or 'default'
    "rate": "decimal(24,8)",  # deal currency per closed standard lot
}
