from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "材料上报与提取"

    def ready(self):
        # Register the Celery tasks in every process (web, commands, worker): services queue them by
        # name (reports.dispatch) and never import the task module themselves.
        from . import tasks  # noqa: F401
