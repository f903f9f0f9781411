"""The four deep-dive topics of the coaching with their guiding questions, in the words of seed 000."""

from django.db import migrations

from querschnitt.statewide.topics import TOPICS, add_default_topics

def add_topics(apps, schema_editor):
    add_default_topics(apps.get_model("statewide", "CoachingTopic"))


def remove_topics(apps, schema_editor):
    apps.get_model("statewide", "CoachingTopic").objects.filter(title__in=[t[0] for t in TOPICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("statewide", "0001_initial")]

    operations = [migrations.RunPython(add_topics, remove_topics)]
