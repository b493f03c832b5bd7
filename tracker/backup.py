"""Backup and restore of the database and the uploaded files (MEDIA_ROOT), each verifiable by its manifest.

A backup is a folder: the database (PostgreSQL: `pg_dump -Fc`; SQLite: a copy of the file), a tar of
MEDIA_ROOT, and `manifest.json` with the row count of every table, the SHA-256 of every uploaded file and
of both archives. A restore refuses a damaged backup before it touches anything, restores into a database
that must not exist yet and a media folder that must be empty, then checks the counts and every file's
bytes against the manifest: a restore that says it is done has been verified.
"""
import contextlib
import datetime
import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.utils import load_backend

from .figures_cache import figures_changed

MANIFEST = "manifest.json"
MEDIA_ARCHIVE = "media.tar"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MANIFEST_FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be done or did not verify; the message says why (Chinese)."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    created_at: str
    database_sha256: str
    media_sha256: str
    counts: dict[str, int]
    files: dict[str, str]  # path under MEDIA_ROOT -> SHA-256

    @classmethod
    def read(cls, folder: Path) -> "Manifest":
        try:
            fields = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise BackupError(f"备份目录 {folder} 中没有可读的 {MANIFEST}（{exc}）。") from None
        if fields.pop("format", None) != MANIFEST_FORMAT:
            raise BackupError(f"{MANIFEST} 的格式不是本系统的备份格式。")
        return cls(**fields)

    def write(self, folder: Path) -> None:
        text = json.dumps({"format": MANIFEST_FORMAT, **self.__dict__}, ensure_ascii=False, indent=1, sort_keys=True)
        (folder / MANIFEST).write_text(text, encoding="utf-8")


def backup_create(*, destination: Path) -> Manifest:
    """Write a backup of the default database and MEDIA_ROOT into `destination` (a new or empty folder).

    On PostgreSQL the counts and the dump read one snapshot, so they agree even while people work. The
    files are archived after the database, so every file a dumped row names is in the archive."""
    destination = Path(destination)
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"备份目录 {destination} 不是空目录，请换一个新目录。")
    destination.mkdir(parents=True, exist_ok=True)
    engine = _engine(connections["default"])
    database_file = destination / DATABASE_FILES[engine]
    if engine == "postgresql":
        counts = _dump_postgresql(database_file)
    else:
        _copy_sqlite(connections["default"], database_file)
        with _database(str(database_file)) as copy:
            counts = _row_counts(copy)
    files = _archive_media(Path(settings.MEDIA_ROOT), destination / MEDIA_ARCHIVE)
    manifest = Manifest(
        engine=engine,
        created_at=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        database_sha256=_sha256(database_file),
        media_sha256=_sha256(destination / MEDIA_ARCHIVE),
        counts=counts,
        files=files,
    )
    manifest.write(destination)
    return manifest


def backup_restore(*, source: Path, database: str, media_root: Path) -> Manifest:
    """Restore the backup in `source` into the new database `database` (PostgreSQL: a database name on the
    configured server; SQLite: a file path) and the empty folder `media_root`, then verify both against
    the manifest. Raises BackupError naming the first differences when they do not match."""
    source, media_root = Path(source), Path(media_root)
    manifest = Manifest.read(source)
    engine = _engine(connections["default"])
    if manifest.engine != engine:
        raise BackupError(f"这是 {manifest.engine} 数据库的备份，当前配置的数据库是 {engine}，不能恢复。")
    database_file = source / DATABASE_FILES[engine]
    for path, expected in ((database_file, manifest.database_sha256), (source / MEDIA_ARCHIVE, manifest.media_sha256)):
        if not path.is_file() or _sha256(path) != expected:
            raise BackupError(f"备份文件 {path.name} 缺失或已损坏（SHA-256 与清单不符），未做任何恢复。")
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"文件目录 {media_root} 不是空目录；请恢复到一个新目录。")
    if engine == "postgresql":
        _restore_postgresql(database_file, database)
    else:
        if Path(database).exists():
            raise BackupError(f"数据库文件 {database} 已存在；请恢复到一个新文件。")
        with contextlib.closing(sqlite3.connect(database_file)) as backup:
            _copy_sqlite(backup, Path(database))
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA_ARCHIVE) as archive:
        archive.extractall(media_root, filter="data")
    with _database(database) as restored:
        differences = _differences(manifest, _row_counts(restored), media_root)
    if differences:
        raise BackupError("恢复后的数据与备份清单不一致：" + "；".join(differences[:10]))
    figures_changed()  # comparisons cached from the data before the restore are dropped
    return manifest


def _engine(connection) -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库。")
    return connection.vendor


def _row_counts(connection) -> dict[str, int]:
    """Rows per table of every model (many-to-many tables included), by model label."""
    tables = set(connection.introspection.table_names())
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model._meta.db_table in tables
    ]
    counts = {}
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)}")
            counts[model._meta.label_lower] = cursor.fetchone()[0]
    return dict(sorted(counts.items()))


def _dump_postgresql(path: Path) -> dict[str, int]:
    connection = connections["default"]
    with transaction.atomic(using="default"), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _row_counts(connection)
        _run_client(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={path}",
                     connection.settings_dict["NAME"]], "备份数据库")
    return counts


def _restore_postgresql(path: Path, name: str) -> None:
    _run_client(["createdb", "--template=template0", name], f"新建数据库 {name}（它必须还不存在）")
    try:
        # Owners and privileges are restored too (the audit table's grants among them): the roles must
        # exist on the server, as they do when restoring on the same server.
        _run_client(["pg_restore", "--exit-on-error", "--single-transaction", f"--dbname={name}", str(path)],
                    "恢复数据库")
    except BackupError:
        _run_client(["dropdb", "--if-exists", name], f"删除恢复失败的数据库 {name}")
        raise


def _run_client(command: list[str], what: str) -> None:
    """Run a PostgreSQL client program against the configured server."""
    db = connections["default"].settings_dict
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(f"{what}失败：找不到 {command[0]}，请安装 PostgreSQL 客户端（postgresql-client）。") from None
    if result.returncode != 0:
        raise BackupError(f"{what}失败：{result.stderr.strip()[-500:]}")


def _copy_sqlite(source, target: Path) -> None:
    """Copy an SQLite database (a sqlite3 connection, or Django's) with SQLite's backup API: a consistent
    copy even while the site writes."""
    if hasattr(source, "ensure_connection"):
        source.ensure_connection()
        source = source.connection
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(target)) as copy:
        source.backup(copy)


@contextlib.contextmanager
def _database(name: str):
    """A connection of its own to another database on the configured server (or another SQLite file), kept
    out of django.db.connections so that nothing else in the process uses it."""
    settings_dict = {**connections["default"].settings_dict, "NAME": name}
    other = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias=f"backup-{name}")
    try:
        yield other
    finally:
        other.close()


def _archive_media(media_root: Path, archive_path: Path) -> dict[str, str]:
    """Tar every file under MEDIA_ROOT; returns {relative path: SHA-256}."""
    files = {}
    with tarfile.open(archive_path, "w") as archive:
        if media_root.is_dir():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                name = path.relative_to(media_root).as_posix()
                files[name] = _sha256(path)
                archive.add(path, arcname=name, recursive=False)
    return files


def _differences(manifest: Manifest, counts: dict[str, int], media_root: Path) -> list[str]:
    found = []
    for label in sorted(set(manifest.counts) | set(counts)):
        if manifest.counts.get(label) != counts.get(label):
            found.append(f"{label} 备份 {manifest.counts.get(label)} 行，恢复后 {counts.get(label)} 行")
    for name, digest in manifest.files.items():
        path = media_root / name
        if not path.is_file():
            found.append(f"缺少文件 {name}")
        elif _sha256(path) != digest:
            found.append(f"文件 {name} 内容与备份不符")
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
