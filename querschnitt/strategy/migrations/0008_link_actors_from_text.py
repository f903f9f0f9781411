"""Link existing measures to the actor records their text names. The text stays as written; what names no actor
(yet) simply stays text, and the measure's page shows it."""

from django.db import migrations

from querschnitt.strategy.actor_links import match_actors


def link(apps, schema_editor):
    Measure = apps.get_model("strategy", "Measure")
    Actor = apps.get_model("network", "Actor")
    actors_by_body: dict[int, list] = {}
    for measure in Measure.objects.select_related("concept").iterator():
        body_id = measure.concept.body_id
        if body_id not in actors_by_body:
            actors_by_body[body_id] = list(Actor.objects.filter(body_id=body_id))
        actors = actors_by_body[body_id]
        if not actors:
            continue
        lead, _ = match_actors(measure.lead_owner, actors)
        if lead and measure.lead_actor_id is None:
            measure.lead_actor = lead[0]
            measure.save(update_fields=["lead_actor"])
        involved, _ = match_actors(measure.involved_actors, actors)
        if involved:
            measure.actors.add(*involved)


class Migration(migrations.Migration):
    dependencies = [("strategy", "0007_actor_links")]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
