from django.core.management.base import BaseCommand

from reports.demo.builder import load_demo


class Command(BaseCommand):
    help = "生成演示数据：一个省、两个市、十二个县、工作组、各角色用户和若干进展报告。"

    def handle(self, *args, **options):
        load_demo(self.stdout)
