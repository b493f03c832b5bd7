from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tracker.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "把 backup 命令做的备份恢复到一个新数据库和一个空的文件目录，并按清单核验每张表的行数和每个文件的内容。"
    )

    def add_arguments(self, parser):
        parser.add_argument("source", type=Path, help="backup 命令写出的备份目录")
        parser.add_argument(
            "--database", required=True,
            help="恢复到的新数据库：PostgreSQL 为数据库名（必须还不存在），SQLite 为数据库文件路径（必须还不存在）",
        )
        parser.add_argument(
            "--media-root", type=Path, default=None, help="恢复到的文件目录（必须为空；默认 MEDIA_ROOT）"
        )

    def handle(self, *args, **options):
        media_root = options["media_root"] or Path(settings.MEDIA_ROOT)
        try:
            manifest = backup_restore(source=options["source"], database=options["database"], media_root=media_root)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"恢复完成并已核验：数据库 {options['database']}（{sum(manifest.counts.values())}行与备份一致），"
            f"文件目录 {media_root}（{len(manifest.files)}个文件与备份一致）"
        )
