"""Personal API tokens: made on the token page, shown once, stored as a hash, refused when revoked or expired."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from querschnitt.api import selectors, services
from querschnitt.api.models import ApiToken, hash_secret
from querschnitt.api.tests.client import ApiClient
from querschnitt.api.tests.factories import ApiTokenFactory
from querschnitt.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


def test_create_returns_the_secret_once_and_stores_only_its_hash(office_user):
    token, secret = services.api_token_create(actor=office_user, name="Statistik-Import")

    assert secret.startswith("qs_") and len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hash_secret(secret)
    assert stored.prefix == secret[:11]
    values = [str(value) for value in ApiToken.objects.filter(pk=token.pk).values().first().values()]
    assert secret not in values
    assert not hasattr(stored, "secret")
    assert selectors.active_token_for_secret(secret) == token


def test_create_refuses_an_empty_name_and_a_past_expiry(office_user):
    with pytest.raises(ApplicationError) as error:
        services.api_token_create(actor=office_user, name="   ")
    assert error.value.field == "name"
    with pytest.raises(ApplicationError) as error:
        services.api_token_create(actor=office_user, name="alt", expires=timezone.now() - timedelta(days=1))
    assert error.value.field == "expires"
    assert not ApiToken.objects.exists()


def test_nobody_creates_or_revokes_tokens_for_someone_else(office_user, make_user, body):
    other = make_user(body, "reader")
    with pytest.raises(ApplicationError):
        services.api_token_create(actor=other, user=office_user, name="fremd")
    token, _secret = services.api_token_create(actor=office_user, name="meins")
    with pytest.raises(ApplicationError):
        services.api_token_revoke(actor=other, token=token)
    token.refresh_from_db()
    assert token.revoked is None


def test_token_page_shows_the_secret_exactly_once(client, office_user):
    client.force_login(office_user)
    url = reverse("api:tokens")

    response = client.post(url, {"name": "Statistik-Import", "validity": "90"})

    assert response.status_code == 200
    token = ApiToken.objects.get(user=office_user)
    secret = response.context["secret"]
    assert hash_secret(secret) == token.key_hash
    html = response.content.decode()
    assert secret in html and "nur dieses eine Mal" in html
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    assert token.expires is not None and timedelta(days=89) < token.expires - timezone.now() <= timedelta(days=90)

    again = client.get(url).content.decode()
    assert secret not in again
    assert "Statistik-Import" in again and token.prefix in again


def test_token_page_needs_login(client):
    response = client.get(reverse("api:tokens"))
    assert response.status_code == 302


def test_token_page_lists_only_own_tokens(client, office_user):
    ApiTokenFactory(user=office_user, name="Mein Token")
    ApiTokenFactory(name="Fremdes Token")
    client.force_login(office_user)
    html = client.get(reverse("api:tokens")).content.decode()
    assert "Mein Token" in html and "Fremdes Token" not in html


def test_token_page_shows_form_errors_in_german(client, office_user):
    client.force_login(office_user)
    response = client.post(reverse("api:tokens"), {"name": "", "validity": "90"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_revoke_on_the_page_ends_the_token(client, office_user, body):
    token = ApiTokenFactory(user=office_user)
    api = ApiClient(token.secret)
    assert api.get("/api/bodies").status_code == 200
    client.force_login(office_user)

    response = client.post(reverse("api:token_revoke", kwargs={"apitoken": token.pk}))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked is not None
    assert api.get("/api/bodies").status_code == 401


def test_revoking_someone_elses_token_is_a_404(client, office_user):
    foreign = ApiTokenFactory()
    client.force_login(office_user)
    response = client.post(reverse("api:token_revoke", kwargs={"apitoken": foreign.pk}))
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.revoked is None


def test_revoke_needs_post(client, office_user):
    token = ApiTokenFactory(user=office_user)
    client.force_login(office_user)
    assert client.get(reverse("api:token_revoke", kwargs={"apitoken": token.pk})).status_code == 405


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer qs_falsch", "Token {secret}", "Basic {secret}"],
    ids=["none", "empty", "wrong", "other scheme", "basic"],
)
def test_missing_or_wrong_token_is_a_401_in_german(body, header):
    token = ApiTokenFactory(body=body)
    headers = {"Authorization": header.format(secret=token.secret)} if header else {}
    response = ApiClient().get(f"/api/bodies/{body.slug}/concepts", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "API-Token" in response.json()["detail"]


def test_revoked_token_is_a_401(body):
    token = ApiTokenFactory(body=body, revoked=timezone.now())
    assert ApiClient(token.secret).get(f"/api/bodies/{body.slug}/concepts").status_code == 401


def test_expired_token_is_a_401(body):
    token = ApiTokenFactory(body=body)
    ApiToken.objects.filter(pk=token.pk).update(expires=timezone.now() - timedelta(seconds=1))
    assert ApiClient(token.secret).get(f"/api/bodies/{body.slug}/concepts").status_code == 401


def test_token_of_a_deactivated_account_is_a_401(body):
    token = ApiTokenFactory(body=body)
    token.user.is_active = False
    token.user.save()
    assert ApiClient(token.secret).get(f"/api/bodies/{body.slug}/concepts").status_code == 401


def test_a_wrong_token_is_refused_even_with_a_session(client, office_user, body):
    client.force_login(office_user)
    response = client.get(f"/api/bodies/{body.slug}/concepts", headers={"Authorization": "Bearer qs_falsch"})
    assert response.status_code == 401


def test_the_session_works_for_reading_and_needs_csrf_for_writing(office_user, body):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(office_user)
    assert client.get(f"/api/bodies/{body.slug}/concepts").status_code == 200

    response = client.post(f"/api/bodies/{body.slug}/concepts", {"title": "X"}, content_type="application/json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_using_a_token_records_when_it_was_last_used(body):
    token = ApiTokenFactory(body=body)
    assert token.last_used is None
    ApiClient(token.secret).get("/api/bodies")
    token.refresh_from_db()
    assert token.last_used is not None


def test_a_token_answers_in_the_language_of_its_owner(body):
    token = ApiTokenFactory(body=body)
    token.user.language = "en"
    token.user.save()
    response = ApiClient(token.secret).get(f"/api/bodies/{body.slug}/concepts/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."


def test_a_token_limited_to_one_body_does_not_reach_the_users_other_bodies(make_user, body, other_body):
    user = make_user(body, "office")
    from querschnitt.tenancy.services import role_assignment_create

    role_assignment_create(actor=None, user=user, body=other_body, role="office")
    _token, secret = services.api_token_create(actor=user, name="Nur hier", body=body)
    api = ApiClient(secret)

    assert api.get(f"/api/bodies/{body.slug}/concepts").status_code == 200
    assert api.get(f"/api/bodies/{other_body.slug}/concepts").status_code == 404
    assert api.post(f"/api/bodies/{other_body.slug}/concepts", {"title": "X"}).status_code == 404
    assert [item["slug"] for item in api.get("/api/bodies").json()["items"]] == [body.slug]
    # An unlimited token of the same user reaches both.
    _token, everywhere = services.api_token_create(actor=user, name="Überall")
    assert ApiClient(everywhere).get("/api/bodies").json()["count"] == 2


def test_a_token_cannot_be_limited_to_a_body_without_a_role(office_user, other_body):
    with pytest.raises(ApplicationError) as error:
        services.api_token_create(actor=office_user, name="X", body=other_body)
    assert error.value.field == "body"


def test_token_page_limits_a_token_to_a_body(client, office_user, body, other_body):
    client.force_login(office_user)
    response = client.post(reverse("api:tokens"), {"name": "Import", "validity": "never", "body": body.pk})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=office_user)
    assert token.body == body and token.expires is None
    # A body the user has no role in is not even a choice.
    response = client.post(reverse("api:tokens"), {"name": "Fremd", "validity": "30", "body": other_body.pk})
    assert ApiToken.objects.filter(user=office_user).count() == 1
    assert response.context["form"].errors["body"]
