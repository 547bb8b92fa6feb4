"""The arrows between the folders run one way (docs/decisions/011-orchestration-one-way.md).

The command line (partnerledger/cli.py) stands above everything and drives the orchestration;
the orchestration (dagster_project/) uses the core, ingestion and the expectations; nothing
below imports anything above. Read from every module's source with `ast`, imports inside
functions included, so a lazy import cannot hide an arrow pointing back up.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
COMMAND_LINE = REPO / "partnerledger" / "cli.py"


def imported_packages(source: str) -> set[str]:
    """The top-level packages a module's source imports (absolute imports, anywhere in it)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def modules(*folders: str) -> list[Path]:
    paths = sorted(p for f in folders for p in (REPO / f).rglob("*.py"))
    assert paths, folders  # a renamed folder must not make these tests pass on nothing
    return paths


def offenders(files: list[Path], forbidden: set[str]) -> dict[str, set[str]]:
    out = {}
    for path in files:
        bad = imported_packages(path.read_text(encoding="utf-8")) & forbidden
        if bad:
            out[str(path.relative_to(REPO))] = bad
    return out


def test_the_reader_sees_top_level_lazy_and_dotted_imports():
    source = (
        "import os\nimport dagster_project.run as r\n"
        "def f():\n    from dagster_project.project import ensure_manifest\n"
        "from . import sibling\nfrom dagster import asset\n"
    )
    assert imported_packages(source) == {"os", "dagster_project", "dagster"}


@pytest.mark.parametrize(
    "folder", ["partnerledger", "landing_generator", "ingestion", "expectations", "app"]
)
def test_nothing_below_the_orchestration_imports_it(folder: str):
    files = [p for p in modules(folder) if p != COMMAND_LINE]
    assert offenders(files, {"dagster_project"}) == {}


def test_ingestion_is_pure_python_and_duckdb_without_dagster():
    assert offenders(modules("ingestion"), {"dagster", "dagster_dbt", "dagster_project"}) == {}


def test_the_pipeline_never_imports_the_generator_that_plays_the_sources():
    files = [
        p
        for p in modules("partnerledger", "ingestion", "expectations", "app", "dagster_project")
        if p != COMMAND_LINE
    ]
    assert offenders(files, {"landing_generator"}) == {}


def test_the_command_line_is_what_drives_the_orchestration():
    # The one arrow from the core package up to dagster_project starts in cli.py.
    assert "dagster_project" in imported_packages(COMMAND_LINE.read_text(encoding="utf-8"))
