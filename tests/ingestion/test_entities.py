"""Which entity a landing file belongs to (LANDING.md: the file name's first part)."""

import pytest

from ingestion.entities import ENTITIES, entity_for_file


@pytest.mark.parametrize(
    "path, entity",
    [
        ("tracking/clicks.csv", "clicks"),
        ("tracking/clicks_2026-03-01.csv", "clicks"),
        ("tracking/2026/03/clicks-part-0007.parquet", "clicks"),
        ("trading/mt5_deals_gateway_2019.csv", "mt5_deals"),
        ("ops/partner_brands.csv", "partner_brands"),  # not `partners`: longest name wins
        ("ops/deals.yaml", "deals"),
        ("brand/casino_activity_2026-05.csv.gz", "casino_activity"),
    ],
)
def test_file_name_first_part_names_the_entity(path, entity):
    assert entity_for_file(path).name == entity


@pytest.mark.parametrize("path", ["tracking/clickstream.csv", "ops/readme.txt", "brand/x.csv"])
def test_unknown_file_names_belong_to_no_entity(path):
    assert entity_for_file(path) is None


def test_every_entity_has_a_key_made_of_its_columns():
    for entity in ENTITIES.values():
        assert set(entity.key) <= set(entity.column_names), entity.name
