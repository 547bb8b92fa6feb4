"""A fresh clone is the whole project: no committed file points outside the repository, and
the documents the code and README cite are in it (docs/reference/ holds the contracts and
the commission rules in the project's own words)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Paths of one developer's machine or of a sibling folder a clone does not have. Spelled in
# pieces so that this file, which names them, does not match itself.
OUTSIDE = (
    "/" + "work/",
    ".." + "/shared",
    *("shared" + "/" + part for part in ("contract", "domain", "real-samples", "tools")),
)
REFERENCE_DOCS = ("landing-contract.md", "output-contract.md", "commission-rules.md")


def git(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
    )


def grep_outside(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """git grep for any OUTSIDE path, as fixed strings."""
    return git("grep", "-n", "-F", *(a for p in OUTSIDE for a in ("-e", p)), *args, cwd=cwd)


def test_no_committed_file_names_a_path_outside_the_repository() -> None:
    result = grep_outside()
    # git grep: exit 1 = no match, 0 = matches (listed), anything else = it could not search
    assert result.returncode == 1, result.stdout or result.stderr


def test_the_check_above_finds_a_path_outside(tmp_path: Path) -> None:
    # The same search on a file that does name one: it must be found (a check that cannot fail
    # would pass a repository full of such paths).
    (tmp_path / "sample.md").write_text("see " + OUTSIDE[1] + "/RULES.md\n")
    result = grep_outside("--no-index", "--", "sample.md", cwd=tmp_path)
    assert result.returncode == 0 and "RULES.md" in result.stdout


def test_the_reference_docs_are_in_the_repository_and_linked_from_the_readme() -> None:
    readme = (REPO / "README.md").read_text()
    for name in REFERENCE_DOCS:
        assert (REPO / "docs" / "reference" / name).is_file(), name
        assert f"(docs/reference/{name})" in readme, f"README does not link {name}"


def test_every_relative_link_of_the_docs_resolves() -> None:
    docs = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]
    docs += sorted((REPO / "tests" / "fixtures").rglob("*.md"))
    broken = []
    for doc in docs:
        for target in re.findall(r"\]\(([^)\s]+)\)", doc.read_text()):
            if re.match(r"[a-z]+:", target) or target.startswith("#"):
                continue  # a web address or an anchor in the same page
            if not (doc.parent / target.split("#")[0]).exists():
                broken.append(f"{doc.relative_to(REPO)} -> {target}")
    assert broken == []


def test_every_docs_path_the_code_cites_exists() -> None:
    # Comments and docstrings cite docs/reference/... and docs/decisions/... by path.
    result = git("grep", "-h", "-o", "-E", r"docs/(reference|decisions)/[A-Za-z0-9_.-]+\.md")
    assert result.returncode in (0, 1), result.stderr
    cited = set(result.stdout.split())
    assert sorted(p for p in cited if not (REPO / p).is_file()) == []


def test_the_real_sample_is_a_fixture_of_the_repository() -> None:
    sample = REPO / "tests" / "fixtures" / "real_samples" / "mt5_deals_gateway_2019.csv"
    # 33 deals + the header row (tests/fixtures/real_samples/README.md)
    assert len(sample.read_text().splitlines()) == 34
