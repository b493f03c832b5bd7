"""Backup and restore (manage.py backup / restore): a backup restored into a fresh database and an empty media
folder serves the same records, dashboard totals and file bytes; a damaged backup restores nothing.

The round trip runs on the suite's database: SQLite under `make test`, PostgreSQL (pg_dump/pg_restore) in
.ci/run's PostgreSQL run. The restored site is read by a separate process started on the restored database
and media folder, as an operator would start the site on them.
"""
import json
import os
import subprocess
import sys
import tarfile
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection

from reports.models import ExtractedFigure, Report
from tests.conftest import REPO
from tests.factories import (
    CityFactory,
    CountyFactory,
    EvidenceFactory,
    FigureFactory,
    PeriodFactory,
    RectificationItemFactory,
    ReportFactory,
    user_with_role,
)
from tracker.backup import BackupError, backup_create, backup_restore
from tracker.models import Area, Evidence, Figure, Profile, RectificationItem
from tracker.selectors.dashboards import CLOSED, FOUND, county_comparison

# The backup reads committed data: pg_dump from another process, SQLite's backup API (which waits forever on
# a database its own connection holds in a write transaction). serialized_rollback like the suite's other
# transactional tests: a plain flush recreates content types that a later serialized test loads again.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# What the restored site serves, read by a process started on it: the leader's comparison (the dashboards'
# selector), rows per model, and the bytes of every stored file through the storage.
READ_SITE = """
import hashlib, json, django
django.setup()
from django.apps import apps
from django.contrib.auth import get_user_model
from reports.models import Report
from tracker.models import Evidence
from tracker.selectors.dashboards import county_comparison
leader = get_user_model().objects.get(username="backup-leader")
files = {}
for record in [*Report.objects.all(), *Evidence.objects.all()]:
    with record.file.open("rb") as f:
        files[record.file.name] = hashlib.sha256(f.read()).hexdigest()
print(json.dumps({
    "comparison": county_comparison(leader),
    "counts": {m._meta.label_lower: m.objects.count() for m in apps.get_models() if m._meta.managed},
    "files": files,
}))
"""


def build_campaign():
    """Two counties of a city with confirmed reports and their figures, ledgers with closed and open items,
    and uploaded report files and evidence; returns {stored file name: bytes}."""
    city = CityFactory(name="汉江市")
    user_with_role(Profile.Role.LEADERSHIP, city, user__username="backup-leader")
    period = PeriodFactory()
    for n, name in enumerate(["城关县", "石泉县"]):
        county = CountyFactory(name=name, parent=city)
        report = ReportFactory(
            county=county, period=period, status=Report.Status.CONFIRMED,
            file__data=f"{name}共检视问题{30 + n}个，已完成整改{20 + n}个。".encode(),
        )
        for start, (code, value) in enumerate(((FOUND, 30 + n), (CLOSED, 20 + n))):
            figure = FigureFactory(county=county, period=period, indicator__code=code, value=value, report=report)
            ExtractedFigure.objects.create(
                report=report, indicator=figure.indicator, value=Decimal(value), text=f"{value}个",
                start=10 * start, end=10 * start + 3, decision=ExtractedFigure.Decision.ACCEPTED,
            )
        items = RectificationItemFactory.create_batch(3 + n, county=county)
        RectificationItem.objects.filter(pk=items[0].pk).update(status=RectificationItem.Status.CLOSED)
        EvidenceFactory(item=items[0], file__data=bytes(range(256)) * (n + 1))
    return {record.file.name: stored_bytes(record) for record in [*Report.objects.all(), *Evidence.objects.all()]}


def stored_bytes(record):
    with record.file.open("rb") as file:
        return file.read()


@pytest.fixture
def fresh_database(tmp_path):
    """A name for the database to restore into (SQLite: a file path), dropped afterwards on PostgreSQL."""
    if connection.vendor == "sqlite":
        yield str(tmp_path / "restored.sqlite3")
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    dropdb = ["dropdb", "--if-exists", "--force", "-h", connection.settings_dict["HOST"] or "127.0.0.1",
              "-p", str(connection.settings_dict["PORT"] or 5432), "-U", connection.settings_dict["USER"], name]
    subprocess.run(dropdb, check=True, capture_output=True)
    yield name
    subprocess.run(dropdb, check=True, capture_output=True)


def database_exists(name):
    if connection.vendor == "sqlite":
        return os.path.exists(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def read_site(database, media_root):
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{database}"
    else:
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        url = f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_CACHE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(DEBUG="1", DATABASE_URL=url, MEDIA_ROOT=str(media_root), DJANGO_SETTINGS_MODULE="config.settings")
    result = subprocess.run([sys.executable, "-c", READ_SITE], cwd=REPO, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_a_backup_restored_into_a_fresh_database_serves_the_same_counts_totals_and_files(
    tmp_path, settings, fresh_database
):
    files = build_campaign()
    cache.clear()
    comparison = json.loads(json.dumps(county_comparison(Profile.objects.get(user__username="backup-leader").user)))
    assert [(row["county"], row["found"], row["ledger_found"], row["ledger_closed"]) for row in comparison] == [
        ("石泉县", 31, 4, 1), ("城关县", 30, 3, 1)
    ]
    call_command("backup", str(tmp_path / "backup"))
    restored_media = tmp_path / "restored-media"
    call_command("restore", str(tmp_path / "backup"), database=fresh_database, media_root=str(restored_media))

    site = read_site(fresh_database, restored_media)
    assert site["comparison"] == comparison
    assert site["counts"] == {m._meta.label_lower: m.objects.count() for m in apps.get_models() if m._meta.managed}
    for model in (Area, Report, ExtractedFigure, Figure, RectificationItem, Evidence):
        assert site["counts"][model._meta.label_lower] > 0
    assert len(site["files"]) == len(files) == 4
    for name, content in files.items():
        assert (restored_media / name).read_bytes() == content
    # The site on the original database is untouched by the restore.
    assert Report.objects.count() == 2 and (settings.MEDIA_ROOT / next(iter(files))).is_file()


def test_the_manifest_lists_rows_per_model_and_every_file_with_its_hash(tmp_path):
    files = build_campaign()
    manifest = backup_create(destination=tmp_path / "backup")
    assert manifest.counts["reports.report"] == 2
    assert manifest.counts["tracker.rectificationitem"] == 7
    assert manifest.counts["tracker.workinggroup_counties"] == 0  # many-to-many tables are counted too
    assert set(manifest.files) == set(files)
    with tarfile.open(tmp_path / "backup" / "media.tar") as archive:
        assert sorted(archive.getnames()) == sorted(files)


def test_a_damaged_backup_restores_nothing(tmp_path, fresh_database):
    build_campaign()
    backup_create(destination=tmp_path / "backup")
    archive = tmp_path / "backup" / "media.tar"
    data = bytearray(archive.read_bytes())
    data[600] ^= 0xFF
    archive.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="media.tar 缺失或已损坏"):
        call_command("restore", str(tmp_path / "backup"), database=fresh_database, media_root=str(tmp_path / "m"))
    assert not (tmp_path / "m").exists()
    assert not database_exists(fresh_database)


def test_a_restore_refuses_a_media_folder_that_holds_files(tmp_path, fresh_database):
    build_campaign()
    backup_create(destination=tmp_path / "backup")
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "kept.txt").write_text("已有文件")
    with pytest.raises(BackupError, match="不是空目录"):
        backup_restore(source=tmp_path / "backup", database=fresh_database, media_root=tmp_path / "m")
    assert (tmp_path / "m" / "kept.txt").read_text() == "已有文件"


def test_a_restored_database_that_lost_rows_fails_the_verification(tmp_path, fresh_database):
    build_campaign()
    backup_create(destination=tmp_path / "backup")
    manifest_path = tmp_path / "backup" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["counts"]["reports.report"] = 3  # as if a row had been lost on the way
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="reports.report 备份 3 行，恢复后 2 行"):
        backup_restore(source=tmp_path / "backup", database=fresh_database, media_root=tmp_path / "m")


def test_a_backup_goes_only_into_a_new_or_empty_folder(tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "manifest.json").write_text("{}")
    with pytest.raises(CommandError, match="不是空目录"):
        call_command("backup", str(tmp_path / "old"))
