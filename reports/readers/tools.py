"""Running external programs (LibreOffice, poppler, Tesseract, the isolated reader) with hard limits."""
import os
import resource
import signal
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from .base import UnreadableDocument

_deadline: ContextVar[float | None] = ContextVar("reader_deadline", default=None)
_seconds: ContextVar[float | None] = ContextVar("reader_seconds", default=None)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Cap the total time of every run_tool call inside the block, so tools stop before our caller gives up.

    A page_time_limit block inside gets the same time again for one page.
    """
    token = _deadline.set(time.monotonic() + seconds)
    seconds_token = _seconds.set(seconds)
    try:
        yield
    finally:
        _seconds.reset(seconds_token)
        _deadline.reset(token)


@contextmanager
def page_time_limit() -> Iterator[None]:
    """Give the tools reading one page of a scan the enclosing time_limit's time afresh.

    A scan of many pages is read whole while each page stays bounded; read_document allows the
    child process that much time per page.
    """
    seconds = _seconds.get()
    if seconds is None:
        yield
        return
    with time_limit(seconds):
        yield


def run_tool(
    command: list[str],
    *,
    timeout: float,
    memory_mb: int | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run a program, capture its output and return it whatever the exit status.

    The program runs in a new session whose whole process group is killed on timeout (LibreOffice
    forks helpers that would otherwise outlive it). ``memory_mb`` caps its
    address space. The timeout is shortened to what is left of an enclosing ``time_limit``.
    Raises UnreadableDocument when the time runs out or the program cannot be started.
    """
    deadline = _deadline.get()
    if deadline is not None:
        timeout = min(timeout, deadline - time.monotonic())
    if timeout <= 0:
        raise UnreadableDocument(_TIMEOUT)

    def limit_memory() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))

    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            preexec_fn=limit_memory if memory_mb else None,
            env=None if env is None else {**os.environ, **env},
            cwd=cwd,
        )
    except OSError as exc:
        raise UnreadableDocument(f"服务器缺少读取该文件所需的程序（{command[0]}），请联系管理员。") from exc
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process.pid)
        process.communicate()
        raise UnreadableDocument(_TIMEOUT) from None
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


_TIMEOUT = "读取文件超时，文件可能已损坏或过于复杂。"


def _kill_group(pgid: int) -> None:
    # Called before the leader is reaped, so the group id cannot have been reused.
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass
