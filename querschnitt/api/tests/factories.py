"""Factories of the API app. `ApiTokenFactory(body=…)` makes a token limited to that body, of a user with a role
(default: office) in it; the tenant crawler relies on `body=`. Without `body` the token reaches all of its user's
bodies. The secret of a made token is in `token.secret` (the database has only its hash)."""

import factory

from querschnitt.accounts.tests.factories import UserFactory
from querschnitt.api.models import PREFIX_LENGTH, ApiToken, hash_secret
from querschnitt.api.services import new_secret
from querschnitt.tenancy.models import Role
from querschnitt.tenancy.tests.factories import BodyFactory, RoleAssignmentFactory


def _user_with_role(o):
    user = UserFactory()
    RoleAssignmentFactory(user=user, body=o.body or BodyFactory(), role=o.role)
    return user


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    class Params:
        role = Role.OFFICE

    body = None
    user = factory.LazyAttribute(_user_with_role)
    name = factory.Sequence(lambda n: f"Token {n}")

    @classmethod
    def _create(cls, model_class, *args, secret=None, **kwargs):
        secret = secret or new_secret()
        kwargs.setdefault("prefix", secret[:PREFIX_LENGTH])
        kwargs.setdefault("key_hash", hash_secret(secret))
        token = super()._create(model_class, *args, **kwargs)
        token.secret = secret
        return token
