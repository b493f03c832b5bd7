"""Loads the words the ledger import shipped with: every schema's header aliases (the template's own
labels are always known) and the column names, status and deadline words, tick marks and footer words
of the layouts counties use (reports/data/ledger_synonyms.csv)."""

from django.db import migrations


def load(apps, schema_editor):
    from reports.ledger.vocabulary import seed_words
    from tracker.workbooks import SCHEMAS

    LedgerSynonym = apps.get_model("reports", "LedgerSynonym")
    rows = {}
    for book, schema in SCHEMAS.items():
        for column in schema.columns:
            for rank, alias in enumerate(column.aliases, start=1):
                rows.setdefault(("column", book, alias), (column.field, rank))
    for kind, book, word, meaning, rank in seed_words():
        rows.setdefault((kind, book, word), (meaning, rank))
    LedgerSynonym.objects.bulk_create(
        LedgerSynonym(kind=kind, book=book, word=word, meaning=meaning, rank=rank)
        for (kind, book, word), (meaning, rank) in rows.items()
    )


def unload(apps, schema_editor):
    apps.get_model("reports", "LedgerSynonym").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_ledger_synonyms_and_layouts")]

    operations = [migrations.RunPython(load, unload)]
