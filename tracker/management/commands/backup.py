from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库和上传的文件（MEDIA_ROOT）到一个新目录，附带可供恢复时核验的清单（manifest.json）。"

    def add_arguments(self, parser):
        parser.add_argument("destination", type=Path, help="备份目录（新目录或空目录）")

    def handle(self, *args, **options):
        try:
            manifest = backup_create(destination=options["destination"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"备份完成：{options['destination']}（{manifest.engine}，{len(manifest.counts)}张表共"
            f"{sum(manifest.counts.values())}行，文件{len(manifest.files)}个）"
        )
