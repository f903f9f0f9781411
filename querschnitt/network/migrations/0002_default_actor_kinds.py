"""The default list of actor kinds (issue 6, point 1). A body adds its own kinds beside these."""

from django.db import migrations

DEFAULT_KINDS = [
    "Migrantenselbstorganisation",
    "Wohlfahrtsverband",
    "Religionsgemeinschaft",
    "Sportverein/Kreissportbund",
    "Unternehmen/IHK/Handwerkskammer",
    "Agentur für Arbeit/Jobcenter",
    "Schule/Bildungsträger/VHS",
    "Verwaltung/Amt",
    "Politik/Fraktion",
    "Integrationsagentur",
    "Stiftung",
    "Initiative",
    "Sonstige",
]


def add_default_kinds(apps, schema_editor):
    ActorKind = apps.get_model("network", "ActorKind")
    for order, name in enumerate(DEFAULT_KINDS, start=1):
        if not ActorKind.objects.filter(body=None, name=name).exists():
            ActorKind.objects.create(body=None, name=name, order=order * 10)


def remove_default_kinds(apps, schema_editor):
    ActorKind = apps.get_model("network", "ActorKind")
    ActorKind.objects.filter(body=None, name__in=DEFAULT_KINDS, actors__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(add_default_kinds, remove_default_kinds)]
