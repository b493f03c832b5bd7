"""Load the shipped indicator catalog (tracker/data/indicators.csv), codes unchanged.

Existing codes are left as administrators edited them; a later catalog with new codes gets a new
data migration calling `load_catalog` again, which only adds what is missing.
"""
import csv
from pathlib import Path

from django.db import migrations

CATALOG = Path(__file__).resolve().parent.parent / "data" / "indicators.csv"


def load_catalog(apps, schema_editor):
    Indicator = apps.get_model("tracker", "Indicator")
    existing = set(Indicator.objects.values_list("code", flat=True))
    with CATALOG.open(encoding="utf-8") as f:
        rows = [row for row in csv.DictReader(f) if row["code"] not in existing]
    Indicator.objects.bulk_create(
        Indicator(
            code=row["code"],
            category=row["category"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            unit=row["unit"],
            kind=row["kind"],
            triggers=row["triggers"],
        )
        for row in rows
    )


class Migration(migrations.Migration):
    dependencies = [("tracker", "0001_initial")]

    operations = [migrations.RunPython(load_catalog, migrations.RunPython.noop)]
