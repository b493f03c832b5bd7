"""The ledger list's keyword search (icontains on four columns, which PostgreSQL runs as
UPPER(column) LIKE UPPER('%…%')) served by a trigram index on PostgreSQL; pg_trgm splits Chinese text
into trigrams too. Other databases scan, as before."""

from django.db import migrations

COLUMNS = ("description", "ledger_number", "responsible_unit", "responsible_person")
CREATE = (
    "CREATE INDEX IF NOT EXISTS rectification_search ON tracker_rectificationitem USING gin ("
    + ", ".join(f"(UPPER({column}::text)) gin_trgm_ops" for column in COLUMNS)
    + ")"
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS rectification_search")


class Migration(migrations.Migration):
    dependencies = [("tracker", "0011_export_job")]
    operations = [migrations.RunPython(create, drop)]
