"""Loads the 34 indicators of the shipped indicator catalogue."""

from django.db import migrations


def load(apps, schema_editor):
    from querschnitt.strategy.catalogue import load_catalogue

    load_catalogue(apps.get_model("strategy", "IndicatorCatalogueEntry"))


class Migration(migrations.Migration):
    dependencies = [("strategy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
