# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# The demo runs in debug mode: a key generated for this checkout, plain HTTP, the demo-login hint.
# A deployment sets its own variables instead (README, "The real stack").
DEMO := DEBUG=1

.PHONY: run test venv migrate demo test-postgres test-browser ci clean backup restore

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

migrate: venv
	$(DEMO) $(PY) manage.py migrate --noinput

demo: migrate
	@$(DEMO) $(PY) manage.py load_demo

# The product with demo data on the embedded defaults: SQLite and Celery tasks run in-process.
# Another address or port: make run HOST=127.0.0.1:8123
run: demo
	@echo "打开 http://$(HOST)/ 登录（换端口：make run HOST=127.0.0.1:8123；按 Ctrl+C 停止）"
	@$(DEMO) $(PY) manage.py runserver $(HOST)

# The test suite on SQLite (no services needed). Tests that need LibreOffice, Tesseract, poppler or
# ../shared are skipped where those are missing, and counted in one line at the end; REQUIRE_ALL=1 fails them.
test: venv
	$(PY) -m pytest -m "not postgres and not browser" -q

# Needs PostgreSQL and a broker; .ci/run starts them and a real Celery worker.
test-postgres: venv
	$(PY) -m pytest -m postgres -q

test-browser: venv
	$(PY) -m pytest -m browser -q

ci:
	bash .ci/run

# Backup and restore with the site's environment (DATABASE_URL, MEDIA_ROOT); README, "备份与恢复".
BACKUP_DIR ?= backups/$(shell date +%Y%m%d-%H%M%S)
backup: venv
	$(PY) manage.py backup $(BACKUP_DIR)

# make restore BACKUP=backups/20240115-0300 DATABASE=tracker_restored MEDIA=/srv/media-restored
restore: venv
	@test -n "$(BACKUP)" -a -n "$(DATABASE)" -a -n "$(MEDIA)" || { echo "用法：make restore BACKUP=备份目录 DATABASE=新数据库 MEDIA=空文件目录"; exit 2; }
	$(PY) manage.py restore $(BACKUP) --database $(DATABASE) --media-root $(MEDIA)

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles .dev-secret-key
