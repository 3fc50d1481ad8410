"""The national agencies every office may pass a report on to (issue 17). Reference data that
every installation needs, so a data migration rather than the demo loader; the regional ones
(Polres, Dinas…) differ per area and are entered by each Kanim (the demo loads a few). Contact
details are left for the directorate to fill in on the agencies page: a wrong number in a
reference list is worse than none."""

from django.db import migrations

NATIONAL = [
    ("p2mi", "Kementerian Pelindungan Pekerja Migran Indonesia (KP2MI)"),
    ("lpsk", "Lembaga Perlindungan Saksi dan Korban (LPSK)"),
    ("iom", "International Organization for Migration (IOM) Indonesia"),
    ("unhcr", "UNHCR Indonesia"),
]


def add(apps, schema_editor):
    Agency = apps.get_model("reports", "Agency")
    for kind, name in NATIONAL:
        if not Agency.objects.filter(name=name, region__isnull=True).exists():
            Agency.objects.create(kind=kind, name=name, address="Jakarta")


def remove(apps, schema_editor):
    Agency = apps.get_model("reports", "Agency")
    Agency.objects.filter(
        name__in=[n for _k, n in NATIONAL], region__isnull=True, forwardings__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_agencies_and_forwardings")]

    operations = [migrations.RunPython(add, remove)]
