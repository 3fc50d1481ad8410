"""Seed PermitType from data/permit_types.csv (DOMAIN.md §3). Rows are reference data that pusat
edits afterwards; `manage.py load_permit_types` re-seeds missing ones."""

from django.db import migrations


def seed(apps, schema_editor):
    from desabinaan.foreigners.services import permit_types_load

    permit_types_load(model=apps.get_model("foreigners", "PermitType"))


class Migration(migrations.Migration):
    dependencies = [("foreigners", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
