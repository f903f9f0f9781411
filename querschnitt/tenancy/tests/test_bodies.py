import collections

import pytest
from django.urls import reverse

from querschnitt.tenancy.models import Body
from querschnitt.tenancy.nrw import display_name, german_slug
from querschnitt.tenancy.services import bodies_load_nrw


@pytest.mark.django_db
def test_migration_loads_land_state_council_and_all_427_nrw_bodies():
    kinds = collections.Counter(Body.objects.values_list("kind", flat=True))
    assert kinds == {
        "land": 1,
        "state_council": 1,
        "kreis": 30,
        "kreisfreie_stadt": 22,
        "staedteregion": 1,
        "gemeinde": 374,
    }
    kreis = Body.objects.get(ags="05162")
    assert kreis.name == "Rhein-Kreis Neuss" and kreis.parent.ags == "05"
    assert sorted(kreis.children.values_list("name", flat=True)) == [
        "Dormagen",
        "Grevenbroich",
        "Jüchen",
        "Kaarst",
        "Korschenbroich",
        "Meerbusch",
        "Neuss",
        "Rommerskirchen",
    ]


@pytest.mark.django_db
def test_loading_again_changes_nothing():
    before = list(Body.objects.order_by("pk").values_list("pk", "slug", "parent_id"))
    assert bodies_load_nrw() == 429
    assert list(Body.objects.order_by("pk").values_list("pk", "slug", "parent_id")) == before


def test_names_and_slugs_follow_german_usage():
    assert display_name("Neuss, Stadt", "gemeinde") == ("Neuss", "Stadt")
    assert display_name("Kleve", "kreis") == ("Kreis Kleve", "")
    assert display_name("Rhein-Kreis Neuss", "kreis") == ("Rhein-Kreis Neuss", "")
    assert german_slug("Jüchen") == "juechen"
    assert german_slug("Weißenthurm") == "weissenthurm"


@pytest.mark.django_db
def test_slugs_are_unique_where_kreis_and_town_share_a_name():
    assert Body.objects.get(ags="05154").slug == "kreis-kleve"
    assert Body.objects.get(ags="05154036").slug == "kleve"


@pytest.mark.django_db
def test_body_list_filters_and_pins_its_queries(client, django_assert_num_queries):
    url = reverse("tenancy:body_list")
    with django_assert_num_queries(2):  # count for the paginator + one page with parents joined
        response = client.get(url, {"q": "Neuss"})
    names = [body.name for body in response.context["page"]]
    assert names == ["Neuss", "Rhein-Kreis Neuss"]
    assert "2 Kommunen gefunden." in response.content.decode()
    with django_assert_num_queries(2):
        response = client.get(url, {"kind": "kreis", "seite": 1})
    assert response.context["page"].paginator.count == 30


@pytest.mark.django_db
def test_body_switcher_remembers_the_chosen_body(client, office_user, body):
    client.force_login(office_user)
    response = client.get(reverse("tenancy:switch"), {"body": body.slug})
    assert response.url == reverse("tenancy:dashboard", kwargs={"body": body.slug})
    assert client.session["current_body"] == body.slug
    assert client.get(reverse("core:home")).url == response.url
    response = client.get(reverse("tenancy:switch"), {"body": "gibt-es-nicht"}, follow=True)
    assert "Bitte wählen Sie eine Kommune aus der Liste." in response.content.decode()


@pytest.mark.django_db
def test_body_list_answers_htmx_with_the_results_only(client):
    response = client.get(reverse("tenancy:body_list"), {"q": "Jüchen"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<html" not in page and "Jüchen" in page and "1 Kommune gefunden." in page
