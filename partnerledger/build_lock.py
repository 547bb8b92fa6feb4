"""One build at a time on a home: the lock file `<home>/build.lock` (pid, start time, host).

Without it two builds on one home were serialised only by DuckDB's file lock, and the loser
died with a raw `IOException: Could not set lock on file`. The lock is taken before the build
touches the warehouse and released when it ends; the second build refuses at once with "a
build is running since T, pid P" or, asked to wait, waits for the first with a message.

A killed build cannot release its lock: a lock file naming a pid that is gone is stale; the
next build takes it over and says so. The exclusion itself is the kernel's flock, which dies
with its holder, so a stale lock never blocks.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

LOCK_NAME = "build.lock"
WAIT_POLL_SECONDS = 0.5


class BuildRunning(Exception):
    """Another live build holds the home's lock."""

    def __init__(self, holder: LockHolder) -> None:
        self.holder = holder
        super().__init__(
            f"a build is running since {holder.started_at}, pid {holder.pid} on {holder.host}"
        )


@dataclass(frozen=True)
class LockHolder:
    pid: int
    started_at: str  # ISO 8601, UTC
    host: str


def pid_alive(pid: int) -> bool:
    """True when process `pid` exists on this host and is not a zombie (killed, not yet reaped)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    try:  # a zombie has finished: its lock is as stale as a vanished process's
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def lock_path(home_root: Path) -> Path:
    return Path(home_root) / LOCK_NAME


def read_holder(path: Path) -> LockHolder | None:
    """Who the lock file names (None when empty: no build has it, or it was released)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8") or "null")
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return LockHolder(-1, "unknown", "unknown")  # half-written by a killed build
    if not isinstance(data, dict):
        return None
    try:
        return LockHolder(int(data["pid"]), str(data["started_at"]), str(data["host"]))
    except (KeyError, TypeError, ValueError):
        return LockHolder(-1, "unknown", "unknown")


@dataclass
class HeldLock:
    """The lock this process holds: its open file keeps the kernel lock (fd passed to children)."""

    holder: LockHolder
    fd: int
    path: Path


def acquire(home_root: Path, *, wait: bool = False, say: Callable[[str], None] = print) -> HeldLock:
    """Take the home's build lock; raise BuildRunning (or, with `wait`, wait) while a live build holds it.

    The exclusion is the kernel's flock on the file, released when the holder dies however it
    dies, so a killed build never blocks the next one; the file's text (pid, start, host) is
    what the message shows, and a text naming a pid that is gone is the stale lock reported.
    """
    path = lock_path(home_root)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    told = False
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = read_holder(path) or LockHolder(-1, "unknown", "unknown")
                if not wait:
                    raise BuildRunning(holder) from None
                if not told:
                    say(f"build: waiting: {BuildRunning(holder)}")
                    told = True
                time.sleep(WAIT_POLL_SECONDS)
    except BaseException:
        os.close(fd)
        raise
    previous = read_holder(path)
    # A released lock is empty: text left in a lock nobody holds is a build that was killed.
    if previous is not None:
        state = "gone" if not pid_alive(previous.pid) else "no longer holding it"
        say(
            f"build: cleared the stale lock of a build that is {state} "
            f"(pid {previous.pid}, since {previous.started_at})"
        )
    me = LockHolder(
        os.getpid(), datetime.now(UTC).isoformat(timespec="seconds"), socket.gethostname()
    )
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(asdict(me)).encode("utf-8"), 0)
    os.fsync(fd)
    return HeldLock(me, fd, path)


def release(lock: HeldLock) -> None:
    """Empty the lock file (an empty file: no build running) and drop the kernel lock.

    The file itself stays: unlinking a locked file lets a waiter lock the old inode while a
    newcomer creates a new one, and two builds would run.
    """
    try:
        os.ftruncate(lock.fd, 0)
    finally:
        os.close(lock.fd)


@contextlib.contextmanager
def held(
    home_root: Path, *, wait: bool = False, say: Callable[[str], None] = print
) -> Iterator[HeldLock]:
    lock = acquire(home_root, wait=wait, say=say)
    try:
        yield lock
    finally:
        release(lock)
