"""The shared landing headers must stay inside the landing contract (ingestion/entities.py).

A header naming a column the contract does not know would land in `_extra` and silently leave
the real column empty in every folder that writes with it; this catches a typo or a renamed
contract column in one place.
"""

from __future__ import annotations

import pytest

from ingestion.entities import ENTITIES
from tests.support import landing

HEADERS = {
    "brands": landing.BRAND_HEADER,
    "partners": landing.PARTNER_HEADER,
    "partner_brands": landing.PARTNER_BRAND_HEADER,
    "fx_rates": landing.FX_RATE_HEADER,
    "customers": landing.CUSTOMER_HEADER,
    "payments": landing.PAYMENT_HEADER,
    "casino_activity": landing.CASINO_ACTIVITY_HEADER,
    "conversions": landing.CONVERSION_HEADER,
    "prop_orders": landing.PROP_ORDER_HEADER,
}


@pytest.mark.parametrize("entity", sorted(HEADERS))
def test_shared_header_names_only_contract_columns_and_every_required_one(entity: str) -> None:
    columns = ENTITIES[entity].columns
    contract = {c.source_name or c.name for c in columns}
    required = {c.source_name or c.name for c in columns if c.required}
    header = HEADERS[entity]
    assert len(header) == len(set(header)), f"{entity}: a column named twice"
    assert set(header) <= contract, f"{entity}: not in the contract: {set(header) - contract}"
    assert required <= set(header), f"{entity}: required columns missing: {required - set(header)}"
