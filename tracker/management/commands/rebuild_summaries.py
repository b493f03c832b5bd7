from django.core.management.base import BaseCommand
from django.db import transaction

from tracker.models import area_paths_rebuild
from tracker.figures_cache import figures_changed
from tracker.summary import summaries_rebuild


class Command(BaseCommand):
    help = "重算所有地区的层级路径和各县各报告期的汇总（批量导入地区或台账之后运行）。"

    def handle(self, *args, **options):
        with transaction.atomic():
            area_paths_rebuild()
            rows = summaries_rebuild()
            transaction.on_commit(figures_changed)
        self.stdout.write(f"已重算{rows}条县报告期汇总。")
