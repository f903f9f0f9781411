import factory

from querschnitt.tenancy.models import Body, BodyKind, RoleAssignment


class BodyFactory(factory.django.DjangoModelFactory):
    """A made-up Gemeinde with an AGS in the unused Regierungsbezirk 058 (NRW has 051, 053, 055, 057 and 059), so it
    never clashes with the real list; 100,000 of them before the numbers repeat (a whole test run makes thousands)."""

    class Meta:
        model = Body

    name = factory.Sequence(lambda n: f"Testgemeinde {n}")
    kind = BodyKind.GEMEINDE
    ags = factory.Sequence(lambda n: f"058{n % 100_000:05d}")
    slug = factory.Sequence(lambda n: f"testgemeinde-{n}")


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory("querschnitt.accounts.tests.factories.UserFactory")
    body = factory.SubFactory(BodyFactory)
    role = "office"
