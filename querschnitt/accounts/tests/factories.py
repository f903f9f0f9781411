from datetime import timedelta

import factory
from django.utils import timezone

from querschnitt.accounts.models import Invitation, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@querschnitt.example")
    first_name = "Erika"
    last_name = factory.Sequence(lambda n: f"Mustermann{n}")
    password = factory.PostGenerationMethodCall("set_password", "Richtig-Geheim-2026")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    body = factory.SubFactory("querschnitt.tenancy.tests.factories.BodyFactory")
    email = factory.Sequence(lambda n: f"eingeladen{n}@querschnitt.example")
    role = "member"
    invited_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
