"""The dashboards at scale: seed the database, then time each role's pages.

Run from the repository root:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench python benchmarks/dashboards.py --counties 2800 --items 1000000

Without DATABASE_URL a throw-away SQLite database is used. The database in DATABASE_URL is EMPTIED
(on PostgreSQL its public schema is dropped) and seeded by `manage.py seed_scale`; it refuses a database
that holds areas not written by seed_scale. Add `--keep` to time an already seeded database again.

Each page is asked once to warm up, then 20 times through Django's test Client in this process
(production settings: DEBUG off, the configured cache); the median is printed per page with its query
count. The last line is the one the issue asks for; queries_constant=yes when every page's query count
was the same on each of its 20 requests and the national and province pages (comparison, ledger) made
as many queries as each other, whatever the number of counties in scope.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
REQUESTS = 20


def _setup() -> None:
    workdir = tempfile.mkdtemp(prefix="bench-dashboards-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir}/bench.sqlite3")
    os.environ.setdefault("MEDIA_ROOT", f"{workdir}/media")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-" + "x" * 40)
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SECURE_COOKIES", "0")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def _empty_database() -> None:
    from django.db import connection

    from reports.demo.scale import CAMPAIGN_NAME

    tables = connection.introspection.table_names()
    if "tracker_area" in tables:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM tracker_area")
            (areas,) = cursor.fetchone()
            cursor.execute("SELECT COUNT(*) FROM tracker_campaign WHERE name = %s", [CAMPAIGN_NAME])
            (seeded,) = cursor.fetchone()
        if areas and not seeded:
            sys.exit("This database holds areas that seed_scale did not write: refusing to empty it.")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        else:
            for table in tables:
                cursor.execute(f'DROP TABLE IF EXISTS "{table}"')


def _time_page(client, url, params=None):
    """(median ms, [query count per request]) over REQUESTS requests after one to warm up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url, params or {})
    if response.status_code != 200:
        raise SystemExit(f"{url} answered {response.status_code}")
    times, queries = [], []
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            client.get(url, params or {})
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
    return statistics.median(times), queries


def _guidance_home_url(user):
    from django.urls import reverse

    from tracker.selectors import scope

    return reverse("group_home", args=[scope.groups_for(user).first().pk])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counties", type=int, default=300)
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="time the database as it is, without seeding")
    args = parser.parse_args()
    _setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.urls import reverse

    from reports.demo.scale import LOGINS
    from tracker.selectors import scope

    if not args.keep:
        started = time.perf_counter()
        _empty_database()
        call_command("migrate", verbosity=0)
        call_command("seed_scale", counties=args.counties, items=args.items)
        print(f"seeded {args.counties} counties, {args.items} items in {time.perf_counter() - started:.0f} s")

    users = {login: get_user_model().objects.get(username=login) for login in vars(LOGINS).values()}

    def client_for(login):
        client = Client()
        client.force_login(users[login])
        return client

    county = scope.counties_for(users[LOGINS.county]).get()
    pages = {
        "national_compare": (LOGINS.nation, reverse("comparison"), None),
        "province_compare": (LOGINS.province, reverse("comparison"), None),
        "county": (LOGINS.county, reverse("county_detail", args=[county.pk]), None),
        "guidance_home": (LOGINS.guidance, _guidance_home_url(users[LOGINS.guidance]), None),
        "ledger_national": (LOGINS.nation, reverse("rectification_list"), None),
        "ledger_province": (LOGINS.province, reverse("rectification_list"), None),
        "ledger_national_page200": (LOGINS.nation, reverse("rectification_list"), {"page": 200}),
        "ledger_national_search": (LOGINS.nation, reverse("rectification_list"), {"q": "老旧小区"}),
        "ledger_national_red": (LOGINS.nation, reverse("rectification_list"), {"light": "red", "sort": "-deadline"}),
        "county_search": (LOGINS.nation, reverse("county_search"), {"q": "安"}),
    }
    results = {}
    for name, (login, url, params) in pages.items():
        median, queries = _time_page(client_for(login), url, params)
        results[name] = (median, queries)
        print(f"{name:26s} {median:8.1f} ms  queries {queries[-1]:3d}  {url}{'?' if params else ''}"
              f"{'&'.join(f'{k}={v}' for k, v in (params or {}).items())}")
    steady = all(len(set(queries)) == 1 for _, queries in results.values())
    same_scope_cost = all(
        results[national][1][-1] == results[province][1][-1]
        for national, province in (("national_compare", "province_compare"), ("ledger_national", "ledger_province"))
    )
    ms = {name: f"{median:.0f}" for name, (median, _) in results.items()}
    print(
        f"national_compare_ms={ms['national_compare']} province_compare_ms={ms['province_compare']} "
        f"county_ms={ms['county']} guidance_home_ms={ms['guidance_home']} ledger_national_ms={ms['ledger_national']} "
        f"queries_constant={'yes' if steady and same_scope_cost else 'no'}"
    )


if __name__ == "__main__":
    main()
