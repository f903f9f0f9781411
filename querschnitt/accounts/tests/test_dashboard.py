"""The people tile on a body's start page: its text agrees in number with the figure above it."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from querschnitt.tenancy.models import Role


def people_text(count: int) -> str:
    with translation.override("de"):
        return ngettext("person works in this body on Querschnitt.", "people work in this body on Querschnitt.", count)


@pytest.mark.django_db
def test_the_people_tile_with_one_person_is_singular(client, body, office_user):
    client.force_login(office_user)
    page = client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug})).content.decode()
    assert people_text(1) in page and people_text(2) not in page


@pytest.mark.django_db
def test_the_people_tile_with_two_people_is_plural(client, body, office_user, make_user):
    make_user(body, Role.MEMBER)
    client.force_login(office_user)
    page = client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug})).content.decode()
    assert people_text(2) in page and people_text(1) not in page
