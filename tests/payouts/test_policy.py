"""Who may decide a payout: ops_store.policy, the one function the app and the CLI apply."""

from __future__ import annotations

from pathlib import Path

import pytest

from partnerledger import ops_cli, ops_store
from partnerledger.ops_store import OpsStoreError, policy


@pytest.mark.parametrize("action", ops_store.ACTIONS)
def test_finance_routes_are_decided_by_finance_only_whatever_the_action(action: str) -> None:
    assert policy.may_decide("finance", action, "finance")
    assert not policy.may_decide("manager", action, "finance")
    for route in ("auto", "manager"):
        assert policy.may_decide("manager", action, route)
        assert policy.may_decide("finance", action, route)
    # no role, a partner, an unknown route or action: nobody
    assert not policy.may_decide(None, action, "auto")
    assert not policy.may_decide("partner", action, "auto")
    assert not policy.may_decide("finance", action, None)
    assert not policy.may_decide("finance", "pay", "auto")


def test_a_manager_cannot_hold_a_finance_routed_payout_either(home: Path) -> None:
    # PO-P2-2026-05: 12,000.00 EUR, routed to finance (write_serving)
    with pytest.raises(OpsStoreError, match="routed to finance.*cannot hold it.*--role finance"):
        ops_store.record_decision(home, "ann", "manager", "hold", ["PO-P2-2026-05"], "docs")
    assert ops_store.decisions_for(home, "P2", "2026-05") == []
    ops_store.record_decision(home, "fin", "finance", "hold", ["PO-P2-2026-05"], "docs")
    assert ops_store.current_payouts(home, payout_ids=["PO-P2-2026-05"])[0]["status"] == "held"


def test_approving_below_threshold_is_refused_but_holding_is_not(home: Path) -> None:
    # PO-P3-2026-05: amount 0, 40.00 carried (below_threshold)
    (row,) = ops_store.current_payouts(home, payout_ids=["PO-P3-2026-05"])
    for role in ops_store.ROLES:
        assert "below the partner's payout threshold" in policy.refusal(role, "approve", row)
        assert "below the partner's payout threshold" in policy.refusal(role, "batch_approve", row)
        assert policy.refusal(role, "hold", row) is None
    # held since publishing, it is still nothing to pay
    ops_store.record_decision(home, "ann", "manager", "hold", ["PO-P3-2026-05"], "kyc")
    (row,) = ops_store.current_payouts(home, payout_ids=["PO-P3-2026-05"])
    assert row["status"] == "held"
    with pytest.raises(OpsStoreError, match="below the partner's payout threshold"):
        ops_store.record_decision(home, "fin", "finance", "approve", ["PO-P3-2026-05"], "ok")


def test_the_cli_refuses_with_the_policy_message(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (row,) = ops_store.current_payouts(home, payout_ids=["PO-P2-2026-05"])
    expected = policy.refusal("manager", "release", row)
    assert expected is not None
    argv = ["payouts", "release", "PO-P2-2026-05", "--reason", "x", "--actor", "ann"]
    assert ops_cli.main([*argv, "--home", str(home)]) == 1
    assert capsys.readouterr().err == f"error: {expected}\n"
