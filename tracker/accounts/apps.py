from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tracker.accounts"
    label = "accounts"  # the app label its tables and migrations were made under
    verbose_name = "账号安全"

    def ready(self):
        from . import signals  # noqa: F401
