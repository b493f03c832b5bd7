from django.core.management.base import BaseCommand, CommandError

from reports.demo.scale import PASSWORD, seed_scale


class Command(BaseCommand):
    help = "向空数据库写入规模测试数据：全国→省→市→县、工作组、各角色用户、报告期、报告与数据、整改事项。"

    def add_arguments(self, parser):
        parser.add_argument("--counties", type=int, default=300, help="县的数量")
        parser.add_argument("--items", type=int, default=100_000, help="整改事项总数")

    def handle(self, *args, counties, items, **options):
        try:
            logins = seed_scale(counties=counties, items=items, stdout=self.stdout)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        names = "、".join(f"{login}" for login in vars(logins).values())
        self.stdout.write(f"已写入。登录名：{names}，密码：{PASSWORD}")
