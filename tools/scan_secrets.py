"""Fail when a tracked file holds a secret: a private key, a cloud or chat token, a password.

    python tools/scan_secrets.py          # every file `git ls-files` lists; exit 1 on a find

Run by `make lint`. A find prints `path:line: kind` and never the secret itself. Test and
demo credentials that are meant to be in the repository are listed, one per line, in
tools/secrets_allowlist.txt as `path<TAB>value`: only that value in that file is allowed.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = ROOT / "tools" / "secrets_allowlist.txt"

PATTERNS: dict[str, re.Pattern[str]] = {
    "private key": re.compile(r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----"),
    "AWS access key id": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b"),
    "Slack token": re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"),
    "Google API key": re.compile(r"\bAIza[0-9A-Za-z_-]{35}\b"),
    "Stripe secret key": re.compile(r"\b[sr]k_live_[0-9A-Za-z]{16,}\b"),
    "JSON web token": re.compile(
        r"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"
    ),
    "credentials in a URL": re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@'\"]+:[^/\s:@'\"]{3,}@"),
    # NAME = "literal" / NAME: literal for a name that says it holds a secret
    "password or secret assigned": re.compile(
        r"(?i)\b[\w-]*(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?token|auth[_-]?token)"
        r"[\w-]*\s*[:=]\s*['\"]([^'\"\s{}$<>]{6,})['\"]"
    ),
}
SKIP_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".ico", ".gz", ".parquet", ".duckdb", ".sqlite")


def allowed() -> set[tuple[str, str]]:
    if not ALLOWLIST.exists():
        return set()
    out = set()
    for line in ALLOWLIST.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            path, _, value = line.partition("\t")
            out.add((path.strip(), value.strip()))
    return out


def scan_text(path: str, text: str, allow: set[tuple[str, str]]) -> list[str]:
    """The finds in one file's text, as `path:line: kind`."""
    finds = []
    for n, line in enumerate(text.splitlines(), 1):
        for kind, pattern in PATTERNS.items():
            for m in pattern.finditer(line):
                value = m.group(m.lastindex or 0)
                if (path, value) not in allow:
                    finds.append(f"{path}:{n}: {kind}")
    return finds


def tracked_files() -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [p for p in out.decode("utf-8").split("\0") if p]


def main() -> int:
    allow = allowed()
    finds = []
    for rel in tracked_files():
        if rel.endswith(SKIP_SUFFIXES) or rel == "tools/secrets_allowlist.txt":
            continue
        try:
            text = (ROOT / rel).read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        finds += scan_text(rel, text, allow)
    for f in finds:
        print(f"secret? {f}")
    if finds:
        print(
            f"scan_secrets: {len(finds)} possible secret(s); remove them, or allow a test value "
            "in tools/secrets_allowlist.txt"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
