"""`python -m tests.integration.slow_worker -A config worker …`: the real Celery worker, except that every
parse takes FAULTS_PARSE_SECONDS longer and the pool process parsing writes its pid to FAULTS_PID_FILE, so
a test can kill exactly that process (or the whole worker, or the database) while a report is parsing."""
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

from celery.__main__ import main  # noqa: E402

from reports import services  # noqa: E402

_extract_figures = services.extract_figures


def _slow_extract_figures(*args, **kwargs):
    with open(os.environ["FAULTS_PID_FILE"], "w") as pid_file:
        pid_file.write(str(os.getpid()))
    time.sleep(float(os.environ["FAULTS_PARSE_SECONDS"]))
    return _extract_figures(*args, **kwargs)


services.extract_figures = _slow_extract_figures

if __name__ == "__main__":
    sys.argv[0] = "celery"
    sys.exit(main())
