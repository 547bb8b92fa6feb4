"""One build of a landing set per test session, shared by the pytest-xdist workers.

A session-scoped fixture is per worker: under `pytest -n 2 --dist loadfile` two files reading
the same build on two workers built it twice (decision 035). `built_once` gives every worker
the same folder under pytest's common temporary base; the first worker to get the lock builds
into it, the others wait on the lock (no CPU spent) and then read the finished build.
Only for builds the tests read and never write: two processes may read one DuckDB file, not
write it.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

DONE = "built.json"  # written last: its presence means the build finished


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], dict[str, Any]]
) -> tuple[Path, dict[str, Any]]:
    """(folder, facts) of the build `name`: `build(folder)` runs once per session across workers
    and returns JSON-able facts (exit code, log tail) that the waiting workers read back."""
    base = tmp_path_factory.getbasetemp()
    # a worker's base is <session base>/popen-gwN; the session base is common to all workers
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    root = shared / f"shared-{name}"
    with FileLock(str(root) + ".lock"):
        done = root / DONE
        if not done.exists():
            shutil.rmtree(root, ignore_errors=True)  # a half-made build of a worker that failed
            root.mkdir()
            facts = build(root)
            done.write_text(json.dumps(facts), encoding="utf-8")
        return root, json.loads(done.read_text(encoding="utf-8"))
