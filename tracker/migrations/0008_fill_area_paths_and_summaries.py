"""Existing areas get their paths and existing counties their period summaries."""

from django.db import migrations

from tracker.models import area_paths_rebuild
from tracker.summary import summaries_rebuild


def fill(apps, schema_editor):
    area_paths_rebuild(apps.get_model("tracker", "Area"))
    summaries_rebuild(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("tracker", "0007_area_path_and_county_period_summary")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
