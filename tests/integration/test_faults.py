"""Faults on the real stack: worker processes killed with SIGKILL while they parse, the broker stopped
during uploads, the database unreachable for a minute, and a clean virtualenv from requirements.txt.

Self-contained: the tests start their own Redis (append-only, in a temporary folder, so it can be stopped
and started again), a TCP proxy between the workers and PostgreSQL (stopped to make the database
unreachable without touching the machine's PostgreSQL), their own worker processes and beat. The web side
is the test client in this process, publishing to the same Redis. Timings are printed (-s shows them).
"""
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from config.celery import app as celery_app
from reports import tasks
from reports.models import Report, ReportEvent
from tests.conftest import REPO
from tests.factories import CountyFactory, PeriodFactory, user_with_role
from tracker.models import Profile

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REPORT_TEXT = (
    "一、工作开展情况\n"
    "镇党委班子对照检查，共检视问题31个，已完成整改24个，召开专题组织生活会5场次。\n"
    "二、下一步打算\n"
    "年底前再推动整改问题7个。\n"
)
QUEUE_DOWN_MESSAGE = "解析队列暂时不可用，队列恢复后将自动开始解析"
PARSE_SECONDS = 6  # each parse in the test workers takes this much longer, to act while it runs
WITHIN = 120  # the acceptance: recovered within two minutes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {seconds} s"
        time.sleep(0.2)


class RedisServer:
    """A private redis-server with append-only persistence, stopped and started on the same port and data."""

    def __init__(self, directory: Path):
        self.directory, self.port, self.process = directory, free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory),
             "--appendonly", "yes", "--save", "", "--logfile", str(self.directory / "redis.log")]
        )
        client = redis.Redis(port=self.port)
        wait_until(lambda: self._answers(client), 20, "redis-server start")

    @staticmethod
    def _answers(client):
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)

    def unacked(self, task_id: str) -> bool:
        """Whether the task's message was taken by a worker and not acknowledged (kombu's Redis transport
        keeps such messages in the `unacked` hash until the visibility timeout gives them out again)."""
        return any(task_id.encode() in message for message in redis.Redis(port=self.port).hvals("unacked"))


class TcpProxy:
    """127.0.0.1:port → PostgreSQL. stop() closes the port and every connection through it (the database
    is then unreachable: connecting is refused, open connections break); start() opens it again."""

    def __init__(self, target):
        self.target, self.port = target, free_port()
        self.server, self.sockets, self.lock = None, set(), threading.Lock()

    def start(self):
        self.server = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def stop(self):
        self.server.shutdown(socket.SHUT_RDWR)
        self.server.close()
        with self.lock:
            for sock in self.sockets:
                self._close(sock)
            self.sockets.clear()

    def _accept(self, server):
        while True:
            try:
                client, _ = server.accept()
                upstream = socket.create_connection(self.target)
            except OSError:
                if server.fileno() == -1:
                    return
                continue
            with self.lock:
                self.sockets |= {client, upstream}
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(src, dst), daemon=True).start()

    def _pump(self, src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        self._close(src)
        self._close(dst)

    @staticmethod
    def _close(sock):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()


class Worker:
    """A real `celery worker` (prefork, two pool processes) in its own process group, supervised as in
    docker-compose (`restart: unless-stopped`): if it exits by itself it is started again. (kombu can end a
    worker with "Unrecoverable error" when Redis goes away while a message is being acknowledged.)"""

    count = 0

    def __init__(self, env, log_dir, command=None):
        Worker.count += 1
        self.name = f"faults-{Worker.count}"
        self.log_dir = log_dir
        self.command = command or [sys.executable, "-m", "tests.integration.slow_worker"]
        self.args = ["-A", "config", "worker", "--pool=prefork", "--concurrency=2", "--loglevel=INFO",
                     "--without-gossip", "--without-mingle", f"--hostname={self.name}@%h"]
        self.env = env
        self.runs = 0
        self.stopped = threading.Event()

    def start(self):
        self._run()
        threading.Thread(target=self._supervise, daemon=True).start()
        return self

    def _run(self):
        self.runs += 1
        self.log = self.log_dir / f"{self.name}-run{self.runs}.log"
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                self.command + self.args, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_until(lambda: " ready." in self.log.read_text() or self.process.poll() is not None, 60, "worker start")
        assert self.process.poll() is None, self.log.read_text()

    def _supervise(self):
        while not self.stopped.wait(0.5):
            if self.process.poll() is not None and not self.stopped.is_set():
                print(f"\n{self.name} exited by itself ({self.log.name}), restarted")
                self._run()

    def kill(self):
        """SIGKILL to the whole worker: its main process and its pool processes (not restarted)."""
        self.stopped.set()
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self):
        self.stopped.set()
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker, tmp_path_factory):
    """Private Redis, the proxy to the test database, beat, and the environment for workers; the web side
    (this process) publishes to the private Redis."""
    with django_db_blocker.unblock():
        db = connection.settings_dict
        assert connection.vendor == "postgresql", "需要设置 DATABASE_URL 指向 PostgreSQL"
    root = tmp_path_factory.mktemp("faults")
    (root / "redis").mkdir()
    (root / "media").mkdir()
    broker = RedisServer(root / "redis")
    broker.start()
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    proxy.start()
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}",
        CELERY_BROKER_URL=broker.url,
        CELERY_TASK_ALWAYS_EAGER="0",
        MEDIA_ROOT=str(root / "media"),
        # The production mechanisms on a test clock: heartbeat every second, a run without one for 6 s is
        # lost, the sweep every 3 s, backoff 2, 4, 8, 10, 10 … s, and a visibility timeout (30 s) longer
        # than the hard time limit (25 s) so that a killed worker's message comes back within the test.
        REPORT_HEARTBEAT_SECONDS="1",
        REPORT_HEARTBEAT_STALE_SECONDS="6",
        REPORT_SWEEP_SECONDS="3",
        TASK_RETRY_BACKOFF="2",
        TASK_RETRY_BACKOFF_MAX="10",
        TASK_MAX_RETRIES="20",
        TASK_SOFT_TIME_LIMIT="20",
        TASK_TIME_LIMIT="25",
        BROKER_VISIBILITY_TIMEOUT="30",
        FAULTS_PARSE_SECONDS=str(PARSE_SECONDS),
        FAULTS_PID_FILE=str(root / "parsing.pid"),
    )
    with open(root / "beat.log", "w") as log:
        beat = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO",
             f"--schedule={root / 'beat-schedule'}"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    # Celery prefers the CELERY_BROKER_URL environment variable to broker_url; the read and write URLs win.
    keys = ("broker_read_url", "broker_write_url", "task_always_eager")
    saved = {key: celery_app.conf.get(key) for key in keys}
    celery_app.conf.update(broker_read_url=broker.url, broker_write_url=broker.url, task_always_eager=False)
    reset_producer_pool()
    yield {"root": root, "broker": broker, "proxy": proxy, "env": env}
    celery_app.conf.update(saved)
    reset_producer_pool()
    beat.terminate()
    beat.wait(timeout=30)
    proxy.stop()
    broker.stop()


def reset_producer_pool():
    """The app keeps its broker connections; drop them so the next message goes to the broker now set."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def workers(stack, settings):
    settings.MEDIA_ROOT = stack["root"] / "media"
    started = []

    def start(**kwargs):
        worker = Worker(stack["env"], stack["root"], **kwargs).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def upload(client):
    """Upload the report as the office of a new county; returns the response (followed) and the report."""
    county = CountyFactory()
    client.force_login(user_with_role(Profile.Role.COUNTY_OFFICE, county))
    response = client.post(
        reverse("report_upload"),
        {"county": county.pk, "period": PeriodFactory().pk,
         "file": SimpleUploadedFile("季度进展.txt", REPORT_TEXT.encode("utf-8"))},
        follow=True,
    )
    return response, Report.objects.get(county=county)


def status_of(report):
    report.refresh_from_db()
    return report.status


def wait_parsing(report, stack):
    pid_file = stack["root"] / "parsing.pid"
    wait_until(lambda: status_of(report) == Report.Status.PARSING and pid_file.exists(), 60, "parsing start")
    return int(pid_file.read_text())


def wait_done(reports, seconds=WITHIN):
    started = time.monotonic()
    wait_until(lambda: not any(status_of(r) in (Report.Status.QUEUED, Report.Status.PARSING) for r in reports),
               seconds, "reports leave 排队中/解析中")
    return time.monotonic() - started


def assert_parsed_once(report):
    report.refresh_from_db()
    assert report.status == Report.Status.NEEDS_REVIEW, report.failure_reason
    assert report.events.filter(new_status=Report.Status.NEEDS_REVIEW).count() == 1
    spans = list(report.extracted_figures.values_list("start", "end"))
    assert len(spans) == len(set(spans)), "duplicate figures"
    assert report.extracted_figures.filter(indicator__code="rectify_problems_found", value=31).count() == 1


@pytest.fixture
def say(capsys):
    """Print a timing to the terminal even when pytest captures output (CI shows the figures)."""

    def print_now(text):
        with capsys.disabled():
            print(text)

    return print_now


def test_a_pool_process_killed_while_parsing(client, stack, workers, say):
    worker = workers()
    (stack["root"] / "parsing.pid").unlink(missing_ok=True)
    _, report = upload(client)
    pid = wait_parsing(report, stack)
    os.kill(pid, signal.SIGKILL)
    killed = time.monotonic()
    wait_done([report])
    say(f"\npool process killed: parsed {time.monotonic() - killed:.1f} s later (the pool started a new one)")
    assert_parsed_once(report)
    # The same message came back (reject_on_worker_lost) and its task took the report again.
    assert report.events.filter(new_status=Report.Status.PARSING).count() == 2
    assert worker.process.poll() is None


def test_the_whole_worker_killed_while_parsing(client, stack, workers, say):
    first = workers()
    (stack["root"] / "parsing.pid").unlink(missing_ok=True)
    _, report = upload(client)
    wait_parsing(report, stack)
    task_id = report.parse_task_id
    first.kill()
    assert stack["broker"].unacked(task_id)  # the killed worker's message waits in Redis
    workers()
    started = time.monotonic()
    wait_done([report])
    say(f"\nwhole worker killed: parsed {time.monotonic() - started:.1f} s after a new worker started")
    assert_parsed_once(report)
    # The killed worker's message stays in Redis until the visibility timeout; then it is handed out again
    # and its run finds the report parsed and changes nothing (a second run of a parsed report is tested
    # in tests/reports/test_parse_queue.py; here the wait, about 100 s, is not spent).


def test_redis_stopped_during_three_uploads(client, stack, workers, say):
    workers()
    stack["broker"].stop()
    try:
        uploads = [upload(client) for _ in range(3)]
    finally:
        stack["broker"].start()
    restarted = time.monotonic()
    for response, report in uploads:
        assert response.status_code == 200
        assert QUEUE_DOWN_MESSAGE in response.content.decode()
        assert report.status == Report.Status.QUEUED and report.dispatch_due
    reports = [report for _, report in uploads]
    wait_done(reports)
    say(f"\nRedis stopped during 3 uploads: all parsed {time.monotonic() - restarted:.1f} s after it started")
    for report in reports:
        assert_parsed_once(report)
        assert report.events.filter(new_status=Report.Status.PARSING).count() == 1


def test_the_database_unreachable_for_a_minute(client, stack, workers, say):
    workers()
    (stack["root"] / "parsing.pid").unlink(missing_ok=True)
    _, parsing = upload(client)
    wait_parsing(parsing, stack)
    stack["proxy"].stop()
    cut = time.monotonic()
    try:
        _, queued = upload(client)
        time.sleep(max(0, 60 - (time.monotonic() - cut)))
    finally:
        stack["proxy"].start()
    back = time.monotonic()
    wait_done([parsing, queued])
    say(f"\ndatabase unreachable {back - cut:.0f} s: both left 排队中/解析中 {time.monotonic() - back:.1f} s after")
    for report in (parsing, queued):
        report.refresh_from_db()
        say(f"  {report.pk}: {report.get_status_display()} {report.failure_reason}")
        if report.status == Report.Status.FAILED:
            assert report.failure_reason == tasks.UNAVAILABLE
        else:
            assert_parsed_once(report)


def test_a_clean_virtualenv_from_requirements_txt_queues_and_runs_a_task_on_redis(
    client, stack, workers, tmp_path, say
):
    started = time.monotonic()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run(
        [venv / "bin" / "python", "-m", "pip", "install", "--quiet", "-r", REPO / "requirements.txt"],
        capture_output=True, text=True,
    )
    assert pip.returncode == 0, pip.stderr
    say(f"\nclean virtualenv from requirements.txt: {time.monotonic() - started:.0f} s")
    python = str(venv / "bin" / "python")
    workers(command=[python, "-m", "celery"])
    county = CountyFactory()
    user = user_with_role(Profile.Role.COUNTY_OFFICE, county)
    report = Report(county=county, period=PeriodFactory(), original_name="季度进展.txt", sha256="f" * 64,
                    size=len(REPORT_TEXT.encode()), uploaded_by=user)
    report.file.save(report.sha256, ContentFile(REPORT_TEXT.encode()), save=False)
    report.save()
    ReportEvent.objects.create(report=report, new_status=report.status, actor=user, reason="上传")
    send = subprocess.run(
        [python, "-c", "import django; django.setup(); from reports.parse_queue import report_dispatch; "
                       f"assert report_dispatch(report_id={report.pk})"],
        cwd=REPO, env=dict(stack["env"], DJANGO_SETTINGS_MODULE="config.settings"), capture_output=True, text=True,
    )
    assert send.returncode == 0, send.stderr
    wait_done([report], seconds=60)
    assert_parsed_once(report)
