"""Deal versions: nested terms flattened into raw.deals, raw.deal_tiers and raw.deal_rates."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

import duckdb

YAML = """
- deal_id: D-100
  version: 2
  partner_id: P-001
  brand_id: B-CASINO
  effective_from: 2026-03-01
  effective_to:
  currency: EUR
  created_at: 2026-02-20T10:00:00Z
  created_by: j.doe
  reason: "Upgrade to hybrid after Q4 review"
  terms:
    cpa: {amount: 150, min_first_deposit: 50, require_kyc: true, window_days: 30, geo_allowlist: [GB, DE]}
    revshare:
      basis: ngr
      tier_metric: ngr
      tiers: [{from: 0, rate: 0.25}, {from: 10000, rate: 0.30}, {from: 50000, rate: 0.35}]
      tier_mode: whole
      negative_carryover: true
- deal_id: D-200
  version: 1
  partner_id: P-002
  effective_from: 2026-01-01
  currency: USD
  terms:
    lot_rebate:
      rates: {fx_major: 8.0, metals: 10.0, default: 5.0}
      min_hold_seconds: 60
    challenge: {rate: 0.15, clawback_days: 14}
    sub_partner: {rate: 0.05}
"""


def test_yaml_deals_flatten_into_three_tables(landing):
    landing.write("ops/deals.yaml", YAML)
    (f,) = landing.ingest().files
    assert (f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) == ("loaded", 2, 2, 0)
    rows = landing.query(
        """select deal_id, version, brand_id, effective_from, effective_to, created_at,
                  has_cpa, cpa_amount, cpa_min_first_deposit, cpa_require_kyc, cpa_window_days,
                  cpa_geo_allowlist, has_revshare, revshare_tier_metric, revshare_tier_mode,
                  revshare_negative_carryover, has_lot_rebate, lot_rebate_override,
                  lot_rebate_min_hold_seconds, has_challenge, challenge_rate, challenge_repeat_rate,
                  challenge_clawback_days, sub_partner_rate, _line_number
           from raw.deals order by deal_id"""
    )
    assert rows == [
        ("D-100", 2, "B-CASINO", date(2026, 3, 1), None, datetime(2026, 2, 20, 10), True, Decimal(150),
         Decimal(50), True, 30, "GB;DE", True, "ngr", "whole", True, False, None, None, False, None,
         None, None, None, 1),
        # repeat_rate absent = rate (0.15); override absent = none
        ("D-200", 1, None, date(2026, 1, 1), None, None, False, None, None, None, None, None, False,
         None, None, None, True, "none", 60, True, Decimal("0.15"), Decimal("0.15"), 14,
         Decimal("0.05"), 2),
    ]  # fmt: skip
    assert landing.query(
        "select deal_id, version, tier_no, tier_from, rate from raw.deal_tiers order by 3"
    ) == [
        ("D-100", 2, 1, Decimal(0), Decimal("0.25")),
        ("D-100", 2, 2, Decimal(10000), Decimal("0.30")),
        ("D-100", 2, 3, Decimal(50000), Decimal("0.35")),
    ]
    assert landing.query(
        "select deal_id, rate_kind, symbol_group, rate from raw.deal_rates order by symbol_group"
    ) == [
        ("D-200", "rebate", "default", Decimal("5.0")),
        ("D-200", "rebate", "fx_major", Decimal("8.0")),
        ("D-200", "rebate", "metals", Decimal("10.0")),
    ]
    ((terms,),) = landing.query("select terms from raw.deals where deal_id = 'D-200'")
    assert json.loads(terms)["challenge"] == {"rate": 0.15, "clawback_days": 14}


def test_json_array_and_csv_with_terms_as_json_text(landing):
    deal = {
        "deal_id": "D-1", "version": 1, "partner_id": "P-1", "effective_from": "2026-01-01",
        "currency": "EUR",
        "terms": {"lot_rebate": {"rates": {"default": 2}, "override": "fixed", "override_rates": {"default": 1.5}}},
    }  # fmt: skip
    landing.write("ops/deals.json", json.dumps([deal]))
    terms = json.dumps({"spread_share": {"rate": 0.2}}).replace('"', '""')
    landing.write(
        "ops/deals_2.csv",
        f'deal_id,version,partner_id,effective_from,currency,terms\nD-2,1,P-2,2026-01-01,GBP,"{terms}"\n',
    )
    landing.write("ops/deals_3.jsonl", json.dumps({**deal, "deal_id": "D-3"}) + "\n")
    report = landing.ingest()
    assert {f.path: (f.status, f.rows_loaded) for f in report.files} == {
        "ops/deals.json": ("loaded", 1),
        "ops/deals_2.csv": ("loaded", 1),
        "ops/deals_3.jsonl": ("loaded", 1),
    }
    assert landing.query(
        "select deal_id, lot_rebate_override, has_spread_share, spread_share_rate, _line_number from raw.deals order by 1"
    ) == [
        ("D-1", "fixed", False, None, 1),  # record 1 of the array
        ("D-2", None, True, Decimal("0.2"), 2),  # csv: header = line 1
        ("D-3", "fixed", False, None, 1),
    ]
    assert landing.query("select deal_id, rate_kind, rate from raw.deal_rates order by 1, 2") == [
        ("D-1", "override", Decimal("1.5")),
        ("D-1", "rebate", Decimal(2)),
        ("D-3", "override", Decimal("1.5")),
        ("D-3", "rebate", Decimal(2)),
    ]


def test_parquet_deals_with_terms_as_a_struct(landing, tmp_path):
    path = landing.root / "ops" / "deals.parquet"
    path.parent.mkdir(parents=True)
    with duckdb.connect() as con:
        con.execute(
            f"""copy (select 'D-9' as deal_id, 1 as version, 'P-9' as partner_id,
                       date '2026-04-01' as effective_from, 'EUR' as currency,
                       {{'sub_partner': {{'rate': 0.05}}}} as terms) to '{path}' (format parquet)"""
        )
    (f,) = landing.ingest().files
    assert (f.status, f.rows_loaded) == ("loaded", 1)
    assert landing.query("select has_sub_partner, sub_partner_rate from raw.deals") == [
        (True, Decimal("0.05"))
    ]


BASE = "deal_id: D-{n}\n  version: 1\n  partner_id: P-1\n  effective_from: 2026-01-01\n  currency: EUR\n"


def test_invalid_terms_quarantine_the_version_with_a_precise_reason(landing):
    bad_terms = [
        "terms: {revshare: {tiers: [{from: 10000, rate: 0.3}, {from: 0, rate: 0.25}]}}",
        "terms: {revshare: {tiers: [{from: -1, rate: 0.25}]}}",
        "terms: {revshare: {tiers: [{from: 0, rate: 1.5}]}}",
        "terms: {revshare: {tier_mode: stepped, tiers: [{from: 0, rate: 0.2}]}}",
        "terms: {revshare: {tier_metric: ggr, tiers: [{from: 0, rate: 0.2}]}}",
        "terms: {lot_rebate: {rates: {fx_major: -2}}}",
        "terms: {lot_rebate: {rates: {forex: 2}}}",
        "terms: {lot_rebate: {rates: {default: 2}, override: always}}",
        "terms: {bonus: {rate: 0.1}}",
        "terms: {cpa: {window_days: 30}}",
        "currency: EURO\n  terms: {sub_partner: {rate: 0.05}}",
        "reason: no terms at all",
    ]
    text = "".join("- " + BASE.format(n=i) + "  " + t + "\n" for i, t in enumerate(bad_terms))
    text += (
        "- " + BASE.format(n=99) + "  terms: {sub_partner: {rate: 0.05}}\n"
    )  # the one good version
    landing.write("ops/deals.yml", text)
    (f,) = landing.ingest().files
    assert (f.rows_read, f.rows_loaded, f.rows_quarantined) == (13, 1, 12)
    assert landing.reasons("ops/deals.yml") == {
        1: "terms.revshare.tiers[1].from: 0 is not above the previous band's 10000 (sort tiers by from)",
        2: "terms.revshare.tiers[0].from: -1 is negative",
        3: "terms.revshare.tiers[0].rate: 1.5 is above 1 (rates are fractions: 0.25 = 25%)",
        4: "terms.revshare.tier_mode: 'stepped' is not one of whole|progressive",
        5: "terms.revshare.tier_metric: 'ggr' is not one of ngr|ftd_count",
        6: "terms.lot_rebate.rates.fx_major: -2 is negative",
        7: "terms.lot_rebate.rates: 'forex' is not one of "
        "fx_major|fx_minor|metals|indices|energies|crypto|stocks|default",
        8: "terms.lot_rebate.override: 'always' is not one of none|difference|fixed",
        9: "terms: unknown component 'bonus' (known: cpa|revshare|lot_rebate|spread_share|challenge|sub_partner)",
        10: "terms.cpa.amount: required value missing",
        11: "currency: 'EURO' is not an ISO 4217 code",
        12: "terms: required value missing",
    }
    assert landing.query("select deal_id from raw.deals") == [("D-99",)]
    # Tiers and rates of quarantined versions never land.
    assert landing.query("select count(*) from raw.deal_tiers") == [(0,)]
    assert landing.query("select count(*) from raw.deal_rates") == [(0,)]


def test_unparseable_yaml_is_rejected(landing):
    landing.write("ops/deals.yaml", "- deal_id: [unclosed\n")
    (f,) = landing.ingest().files
    assert f.status == "rejected" and f.reason.startswith("cannot be parsed")


def test_a_malformed_csv_record_rejects_a_deals_file(landing):
    landing.write(
        "ops/deals.csv",
        "deal_id,version,partner_id,effective_from,currency,terms\nD-1,1,P-1,2026-01-01,EUR,{},extra\n",
    )
    (f,) = landing.ingest().files
    assert f.status == "rejected"
    assert f.reason == (
        "malformed record at line 2: record: too many columns (Expected Number of Columns: 6 Found: 7)"
    )


def test_a_broken_line_rejects_a_jsonl_deals_file_whole(landing):
    # Deal files are master data: half a set of deal versions would price with gaps.
    deal = {"deal_id": "D-1", "version": 1, "partner_id": "P-1", "effective_from": "2026-01-01",
            "currency": "EUR", "terms": {"spread_share": {"rate": 0.2}}}  # fmt: skip
    landing.write("ops/deals.jsonl", json.dumps(deal) + "\n" + '{"deal_id": "D-2",\n')
    (f,) = landing.ingest().files
    assert (f.status, f.reason) == (
        "rejected",
        "malformed record at line 2: record: not valid JSON",
    )
    assert landing.query("select count(*) from raw.deals") == [(0,)]
