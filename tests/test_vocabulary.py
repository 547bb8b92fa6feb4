"""Adding a commission component is three edits: dbt_project.yml, its model, its tests.

Everything else reads the list from its one owner (dbt vars; Python through
partnerledger.vocabulary; dbt through the statement_components() macro), so no other file of
the project may spell the list out. Tests and docs are left out of the scan: fixtures write
whole statement rows by hand, and the reference docs describe the contract.
"""

from __future__ import annotations

import re
from pathlib import Path

from partnerledger import vocabulary

REPO = Path(__file__).resolve().parents[1]
OWNER = REPO / "dbt" / "dbt_project.yml"
SCANNED = (
    "app",
    "partnerledger",
    "expectations",
    "dagster_project",
    "ingestion",
    "dbt",
    "benchmarks",
)
SUFFIXES = {".py", ".sql", ".yml", ".yaml"}
SKIPPED_DIRS = {"target", "dbt_packages", "logs", "__pycache__", ".venv"}
# A file spells the list out when one stretch of it names nearly every component: the deal
# term groups (6 of the 9: cpa, revshare, lot_rebate, spread_share, challenge, sub_partner) are
# another vocabulary and stay below this.
WINDOW_CHARS = 400
MIN_NAMES = 7


def _code_files(root: Path) -> list[Path]:
    files = []
    for top in SCANNED:
        for path in (root / top).rglob("*"):
            if (
                path.suffix in SUFFIXES
                and path.is_file()
                and path != root / OWNER.relative_to(REPO)
                and not SKIPPED_DIRS & set(path.relative_to(root).parts)
            ):
                files.append(path)
    return sorted(files)


def component_lists(text: str, names: tuple[str, ...]) -> list[int]:
    """Line numbers where some WINDOW_CHARS stretch of `text` names MIN_NAMES components."""
    word = re.compile(
        r"(?<![A-Za-z0-9_])("
        + "|".join(sorted(names, key=len, reverse=True))
        + r")(?![A-Za-z0-9_])"
    )
    hits = [(m.start(), m.group(1)) for m in word.finditer(text)]
    found, first = [], 0
    for last in range(len(hits)):
        while hits[last][0] - hits[first][0] > WINDOW_CHARS:
            first += 1
        if len({name for _, name in hits[first : last + 1]}) >= MIN_NAMES:
            line = text.count("\n", 0, hits[first][0]) + 1
            if line not in found:
                found.append(line)
    return found


def test_the_detector_finds_a_spelled_out_list_and_ignores_the_deal_terms():
    names = vocabulary.component_names()
    assert component_lists(f"COMPONENTS = {list(names)!r}\n", names) == [1]
    terms = (
        "has_cpa, has_revshare, has_lot_rebate, has_spread_share, has_challenge, has_sub_partner"
    )
    assert (
        component_lists("cpa revshare lot_rebate spread_share challenge sub_partner", names) == []
    )
    assert component_lists(terms, names) == []


def test_no_file_but_dbt_project_yml_spells_out_the_component_list():
    names = vocabulary.component_names()
    offenders = [
        f"{path.relative_to(REPO)}:{line}"
        for path in _code_files(REPO)
        for line in component_lists(path.read_text(encoding="utf-8"), names)
    ]
    assert offenders == [], (
        "these files list the commission components themselves; read them from "
        "partnerledger.vocabulary (Python) or statement_components() / var('commission_components') "
        "(dbt) instead: " + ", ".join(offenders)
    )
