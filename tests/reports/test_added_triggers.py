"""Triggers learnt from real reports live in tracker/data/indicator_triggers.csv, beside the shipped
catalog, which stays as the shared catalog gives it. The data migration puts them in the database,
where an administrator sees and extends them; shipped_catalog() gives the same to code without one."""
import csv
from pathlib import Path

import pytest

from reports.extraction import catalog_from_csv, shipped_catalog
from reports.extraction.catalog import SHIPPED_CATALOG, SHIPPED_TRIGGERS
from tests.conftest import SHARED
from tracker.models import Indicator
from reports.selectors import indicator_catalog


def added_rows() -> list[dict]:
    with Path(SHIPPED_TRIGGERS).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_added_trigger_names_a_catalog_code_and_has_an_example_of_its_own():
    codes = {indicator.code for indicator in catalog_from_csv(SHIPPED_CATALOG)}
    for row in added_rows():
        assert row["code"] in codes, row
        assert row["trigger"] and row["trigger"] in row["example"], row


def test_the_shipped_catalog_carries_the_added_triggers_after_its_own():
    plain = {i.code: i.triggers for i in catalog_from_csv(SHIPPED_CATALOG)}
    shipped = {i.code: i.triggers for i in shipped_catalog()}
    for row in added_rows():
        assert row["trigger"] in shipped[row["code"]]
    assert all(shipped[code][:len(triggers)] == triggers for code, triggers in plain.items())


@pytest.mark.django_db
def test_the_migration_puts_them_in_the_database_catalog():
    assert {i.code: i.triggers for i in indicator_catalog()} == {i.code: i.triggers for i in shipped_catalog()}
    closed = Indicator.objects.get(code="rectify_problems_closed")
    assert "立行立改" in closed.trigger_list


@pytest.mark.shared
def test_the_shipped_catalog_file_is_the_shared_one():
    assert Path(SHIPPED_CATALOG).read_bytes() == (SHARED / "indicators.csv").read_bytes()
