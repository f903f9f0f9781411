"""Loads Land NRW, the Landesintegrationsrat and the 427 Kreise, Städte and Gemeinden from the shipped CSV."""

from django.db import migrations


def load(apps, schema_editor):
    from querschnitt.tenancy.nrw import load_bodies

    load_bodies(apps.get_model("tenancy", "Body"))


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
