"""Files a killed build leaves in its home, found and removed by the next build.

Publishing writes `serving.duckdb.tmp-<pid>` (and DuckDB its `.wal`) and renames it over
serving.duckdb; a build killed in between leaves both behind, up to megabytes each, forever.
The next build, holding the home's build lock (partnerledger/build_lock.py), removes those
whose pid is gone; a file of a live pid is some other process's work in progress and stays.
"""

from __future__ import annotations

import re
from pathlib import Path

from partnerledger.build_lock import pid_alive

SERVING_TMP = re.compile(r"^serving\.duckdb\.tmp-(\d+)(\.wal)?$")


def serving_tmp_name(pid: int) -> str:
    """The name publishing gives its temporary serving file (one home for the pattern)."""
    return f"serving.duckdb.tmp-{pid}"


def remove_leftovers(home_root: Path) -> list[Path]:
    """Remove the temporary serving files of dead pids in `home_root`; return what was removed."""
    removed = []
    for path in sorted(Path(home_root).glob("serving.duckdb.tmp-*")):
        m = SERVING_TMP.match(path.name)
        if m and not pid_alive(int(m.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
