"""The test suite's settings: the product's own, read as `make run` reads them (DEBUG=1: a generated
key, plain HTTP). DEBUG goes into the environment so that the processes tests start (manage.py, a
Celery worker) read the same. Tests of the production defaults start a process with their own."""
import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: E402,F403

# Hashing every factory user's password at production strength costs seconds per test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
