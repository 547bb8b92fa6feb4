"""Two builds on one home, with real processes: the second refuses (exit 4) or waits; a killed
build's lock and its temporary serving files never block or litter the next build.

The builds here stop right after the lock and the clean-up (their landing directory does not
exist: exit 1), so no test pays for a dbt run: the lock is taken before anything else.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from partnerledger import build_lock

HOLD = (
    "import sys, time\n"
    "from partnerledger import build_lock\n"
    "build_lock.acquire(sys.argv[1])\n"
    "print('locked', flush=True)\n"
    "time.sleep(120)\n"
)
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def _cli(*args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "partnerledger.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=ENV,
        **kw,
    )


def _kill_group(proc: subprocess.Popen) -> None:
    # The holder runs in its own session: its group id is its pid. Never signal group 1 or ours.
    pgid = os.getpgid(proc.pid)
    assert pgid > 1 and pgid != os.getpgrp()
    os.killpg(pgid, signal.SIGKILL)
    proc.wait(timeout=10)


def _holder(home: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(home)],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
        start_new_session=True,
    )
    assert proc.stdout.readline().strip() == "locked"
    return proc


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_second_build_refuses_then_waits_and_a_killed_lock_is_cleared(tmp_path):
    home, missing = tmp_path / "home", tmp_path / "no-landing"
    home.mkdir()
    holder = _holder(home)
    try:
        refused = _cli("build", "--home", str(home), "--landing", str(missing))
        out, _ = refused.communicate(timeout=60)
        assert refused.returncode == 4, out
        assert "a build is running since" in out and f"pid {holder.pid}" in out
        assert "Traceback" not in out and "Could not set lock" not in out

        waiter = _cli("build", "--wait", "--home", str(home), "--landing", str(missing))
        first = waiter.stdout.readline()
        assert "waiting" in first and f"pid {holder.pid}" in first, first
        time.sleep(1)
        assert waiter.poll() is None  # still waiting while the holder lives
    finally:
        _kill_group(holder)
    rest, _ = waiter.communicate(timeout=60)
    # The holder was killed holding the lock: the waiter takes it over, says so, then goes on
    # (to the missing landing: exit 1, the ordinary error, not 4).
    assert f"cleared the stale lock of a build that is gone (pid {holder.pid}" in rest, rest
    assert waiter.returncode == 1
    assert "does not exist" in rest
    # It released the lock on the way out: the file stays, empty.
    assert build_lock.read_holder(build_lock.lock_path(home)) is None


def test_a_stale_lock_of_a_killed_build_never_blocks(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    dead = _dead_pid()
    build_lock.lock_path(home).write_text(
        f'{{"pid": {dead}, "started_at": "2026-01-01T00:00:00+00:00", "host": "x"}}'
    )
    said = []
    lock = build_lock.acquire(home, say=said.append)
    try:
        since = "since 2026-01-01T00:00:00+00:00"
        assert said == [
            f"build: cleared the stale lock of a build that is gone (pid {dead}, {since})"
        ]
        assert build_lock.read_holder(lock.path).pid == os.getpid()
    finally:
        build_lock.release(lock)


def test_next_build_removes_the_temporary_serving_files_of_dead_pids(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    dead = _dead_pid()
    left = [home / f"serving.duckdb.tmp-{dead}", home / f"serving.duckdb.tmp-{dead}.wal"]
    for p in left:
        p.write_bytes(b"x" * 1024)
    live = home / f"serving.duckdb.tmp-{os.getpid()}"  # a live pid's file is not a leftover
    live.write_bytes(b"x")
    (home / "serving.duckdb").write_bytes(b"published")

    build = _cli("build", "--home", str(home), "--landing", str(tmp_path / "no-landing"))
    out, _ = build.communicate(timeout=60)

    assert not any(p.exists() for p in left), out
    assert f"removed serving.duckdb.tmp-{dead}, left by a killed build" in out
    assert f"removed serving.duckdb.tmp-{dead}.wal, left by a killed build" in out
    assert live.exists() and (home / "serving.duckdb").read_bytes() == b"published"
