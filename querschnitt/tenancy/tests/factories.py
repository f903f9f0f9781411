import factory

from querschnitt.tenancy.models import Body, BodyKind, RoleAssignment


class BodyFactory(factory.django.DjangoModelFactory):
    """A made-up Gemeinde with an AGS in the unused range 05999xxx, so it never clashes with the real list."""

    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Testgemeinde {n}")
    kind = BodyKind.GEMEINDE
    ags = factory.Sequence(lambda n: f"05999{n:03d}")
    slug = factory.Sequence(lambda n: f"testgemeinde-{n}")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory("querschnitt.accounts.tests.factories.UserFactory")
    body = factory.SubFactory(BodyFactory)
    role = "office"
