import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from reports.ledger.importing import import_workbook
from reports.ledger.sheets import UnreadableLedger
from tracker.models import Area, LedgerImport


class Command(BaseCommand):
    help = "导入一个县的 Excel/WPS 整改台账（或学习活动、调研课题）；任何一行有错误时什么也不写入。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--county", required=True, help="县的名称")
        parser.add_argument("--kind", choices=LedgerImport.Kind.values, default=LedgerImport.Kind.RECTIFICATION)
        parser.add_argument("--dry-run", action="store_true", help="只检查，不写入")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果")

    def handle(self, *args, **options):
        counties = Area.objects.filter(level=Area.Level.COUNTY, name=options["county"])
        if counties.count() != 1:
            raise CommandError(f"没有找到唯一名为“{options['county']}”的县。")
        try:
            plan = import_workbook(
                county=counties.get(), kind=options["kind"], path=options["file"], dry_run=options["dry_run"]
            )
        except (UnreadableLedger, OSError) as exc:
            errors = [{"row": None, "message": str(exc) if isinstance(exc, UnreadableLedger) else "无法打开该文件。"}]
            created = updated = 0
            more = {}
        else:
            summary = plan.summary(max_errors=None)
            errors = summary["errors"]
            # With errors nothing is written, so nothing was created or updated.
            created, updated = (0, 0) if errors else (summary["create"], summary["update"])
            more = {"flagged": summary["flagged_count"], "notices": summary["notices"]}
        result = {"created": created, "updated": updated, "errors": errors, **more}
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(f"新建{created}条，更新{updated}条，错误{len(errors)}处。")
            for notice in result.get("notices", []):
                self.stdout.write(notice)
            for error in errors:
                self.stdout.write(f"第{error['row']}行：{error['message']}" if error["row"] else error["message"])
        if errors:
            raise SystemExit(1)
