"""`extract_report FILE [FILE ...] --json`: the extraction contract of DESIGN.md, one JSON line per file."""
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.utils import DatabaseError

from reports.extraction import extract_figures, shipped_catalog
from reports.readers import UnreadableDocument, read_document
from reports.selectors import indicator_catalog

def load_catalog():
    # The command must work on a fresh checkout before `migrate`; the shipped catalog is the default data.
    try:
        catalog = indicator_catalog()
    except DatabaseError:
        catalog = ()
    return catalog or shipped_catalog()


class Command(BaseCommand):
    help = "从进展报告文件中提取数据，每个文件输出一行 JSON。"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+")
        parser.add_argument("--json", action="store_true", help="输出 JSON（每个文件一行）")

    def handle(self, *args, files, **options):
        catalog = load_catalog()
        failed = False
        for name in files:
            path = Path(name)
            try:
                if not path.is_file():
                    raise UnreadableDocument("找不到该文件，请检查路径。")
                document = read_document(path)
            except UnreadableDocument as exc:
                failed = True
                line = {"file": name, "error": str(exc)}
            else:
                figures = extract_figures(document.text, catalog)
                line = {"file": name, "figures": [f.as_json() for f in figures]}
            self.stdout.write(json.dumps(line, ensure_ascii=False))
        if failed:
            raise CommandError("部分文件无法读取", returncode=1)
