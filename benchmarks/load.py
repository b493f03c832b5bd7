"""Many users at once: gunicorn (3 workers) on 127.0.0.1, USERS signed-in users asking pages for SECONDS.

Run from the repository root after benchmarks/dashboards.py has seeded the database:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench python benchmarks/load.py --users 20 --seconds 60

A database without the seed_scale logins is seeded first (300 counties, 100,000 items). The users take
turns at the four roles (national leader, province leader, guidance group, county office); each asks
its role's pages one after another (comparison, ledger list and its later pages, county page, group
page), without pauses, over keep-alive connections. Set REDIS_CACHE_URL to share the cache between the
workers as production does. The last line: requests per second, median and 95th percentile latency,
and the number of errors (any status but 200, or no answer).
"""
import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from importlib import import_module
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from dashboards import _guidance_home_url, _setup  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _session_cookie(user) -> str:
    """A signed-in session for `user`, as the login page would have made it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _role_pages():
    """{login: [paths]} for the four roles."""
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    from reports.demo.scale import LOGINS
    from tracker.selectors import scope

    users = {login: get_user_model().objects.get(username=login) for login in vars(LOGINS).values()}
    ledger = reverse("rectification_list")
    county = scope.counties_for(users[LOGINS.county]).get()
    pages = {
        LOGINS.nation: [reverse("comparison"), ledger, f"{ledger}?page=20", f"{ledger}?light=red"],
        LOGINS.province: [reverse("comparison"), ledger, f"{ledger}?page=5"],
        LOGINS.guidance: [_guidance_home_url(users[LOGINS.guidance]), ledger],
        LOGINS.county: [reverse("county_detail", args=[county.pk]), ledger],
    }
    return [(_session_cookie(users[login]), paths) for login, paths in pages.items()]


def _user_loop(port, cookie, paths, stop_at, latencies, errors, lock):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    turn = 0
    while time.monotonic() < stop_at:
        path = paths[turn % len(paths)]
        turn += 1
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            ok = response.status == 200
        except (OSError, http.client.HTTPException):
            ok = False
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            if ok:
                latencies.append((elapsed, path))
            else:
                errors.append(path)
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    _setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from reports.demo.scale import LOGINS

    call_command("migrate", verbosity=0)
    if not get_user_model().objects.filter(username=LOGINS.nation).exists():
        call_command("seed_scale", counties=300, items=100_000)
    roles = _role_pages()
    port = _free_port()
    server = subprocess.Popen(
        [str(REPO / ".venv/bin/gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(args.workers), "--log-level", "warning"],
        cwd=REPO,
        env=os.environ.copy(),
    )
    try:
        _wait_for(port)
        latencies, errors, lock = [], [], threading.Lock()
        stop_at = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=_user_loop, args=(port, *roles[n % len(roles)], stop_at, latencies, errors, lock))
            for n in range(args.users)
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    by_path = {}
    for ms, path in latencies:
        by_path.setdefault(path, []).append(ms)
    for path, times in sorted(by_path.items()):
        print(f"{path:40s} {len(times):5d} requests  median {statistics.median(times):7.0f} ms")
    latencies = sorted(ms for ms, _ in latencies)
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)] if latencies else 0
    p50 = statistics.median(latencies) if latencies else 0
    rps = (len(latencies) + len(errors)) / elapsed
    print(f"rps={rps:.1f} p50_ms={p50:.0f} p95_ms={p95:.0f} errors={len(errors)}")


def _wait_for(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/health/")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within a minute")


if __name__ == "__main__":
    main()
