from django.apps import AppConfig


class TrackerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracker"
    verbose_name = "主题教育督导"

    def ready(self):
        # Register the Celery tasks in every process (web, commands, worker): services queue them by
        # name (tracker.dispatch) and never import the task module themselves.
        from . import tasks  # noqa: F401
        from .figures_cache import watch_writes

        watch_writes(self)
