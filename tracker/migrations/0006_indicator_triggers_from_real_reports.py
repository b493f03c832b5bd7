"""Append the triggers of tracker/data/indicator_triggers.csv to the catalog's indicators.

The shipped indicators.csv stays as the shared catalog gives it; these are phrasings found in
reports written outside the team. Triggers an administrator already has are left as they are;
a later file with more rows gets a new data migration calling `add_triggers` again.
"""
import csv
from pathlib import Path

from django.db import migrations

TRIGGERS = Path(__file__).resolve().parent.parent / "data" / "indicator_triggers.csv"


def add_triggers(apps, schema_editor):
    Indicator = apps.get_model("tracker", "Indicator")
    added: dict[str, list[str]] = {}
    with TRIGGERS.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            added.setdefault(row["code"].strip(), []).append(row["trigger"].strip())
    for indicator in Indicator.objects.filter(code__in=added):
        present = [t.strip() for t in indicator.triggers.split("|") if t.strip()]
        new = [t for t in added[indicator.code] if t and t not in present]
        if new:
            indicator.triggers = "|".join(present + new)
            indicator.save(update_fields=["triggers"])


class Migration(migrations.Migration):
    dependencies = [("tracker", "0005_rectification_item_import_fields")]

    operations = [migrations.RunPython(add_triggers, migrations.RunPython.noop)]
