from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from querschnitt.accounts.models import Invitation, User
from querschnitt.accounts.tests.factories import InvitationFactory
from querschnitt.tenancy.models import RoleAssignment


def people_url(body):
    return reverse("accounts:people", kwargs={"body": body.slug})


@pytest.mark.django_db
def test_office_invites_person_who_creates_account_and_gets_the_role(client, body, office_user):
    client.force_login(office_user)
    response = client.post(people_url(body), {"email": "Neu@Querschnitt.Example", "role": "member"})
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "neu@querschnitt.example" and invitation.invited_by == office_user
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == f"Einladung zu Querschnitt: {body.name}"
    assert f"/konto/einladung/{invitation.token}/" in message.body
    assert "Guten Tag" in message.body and "„Ausschussmitglied“" in message.body

    client.logout()
    accept_url = reverse("accounts:invitation_accept", args=[invitation.token])
    page = client.get(accept_url).content.decode()
    assert "Konto anlegen" in page
    response = client.post(
        accept_url,
        {
            "first_name": "Ada",
            "last_name": "Neu",
            "password1": "Sehr-Lang-2026",
            "password2": "Sehr-Lang-2026",
        },
    )
    assert response.url == reverse("tenancy:dashboard", kwargs={"body": body.slug})
    user = User.objects.get(email="neu@querschnitt.example")
    assert RoleAssignment.objects.filter(user=user, body=body, role="member").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert client.get(people_url(body)).status_code == 403  # a member does not manage people


@pytest.mark.django_db
def test_weak_password_is_refused_in_german_and_nothing_is_created(client, body):
    invitation = InvitationFactory(body=body)
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    response = client.post(url, {"first_name": "A", "last_name": "B", "password1": "12345", "password2": "12345"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Passwort ist zu kurz" in page
    assert not User.objects.filter(email=invitation.email).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "state, message",
    [
        ({"expires_at": timezone.now() - timedelta(days=1)}, "abgelaufen"),
        ({"revoked_at": timezone.now()}, "widerrufen"),
        ({"accepted_at": timezone.now()}, "bereits angenommen"),
    ],
)
def test_unusable_invitations_say_why_and_change_nothing(client, body, state, message):
    invitation = InvitationFactory(body=body, **state)
    url = reverse("accounts:invitation_accept", args=[invitation.token])
    response = client.post(
        url,
        {"first_name": "A", "last_name": "B", "password1": "Sehr-Lang-2026", "password2": "Sehr-Lang-2026"},
    )
    assert message in response.content.decode()
    assert not User.objects.filter(email=invitation.email).exists()


@pytest.mark.django_db
def test_signed_in_user_accepts_only_invitations_to_own_address(client, body, make_user):
    user = make_user(email="ich@querschnitt.example")
    mine = InvitationFactory(body=body, email="ich@querschnitt.example", role="reader")
    other = InvitationFactory(body=body, email="du@querschnitt.example")
    client.force_login(user)
    response = client.post(reverse("accounts:invitation_accept", args=[other.token]), follow=True)
    assert "Diese Einladung ging an du@querschnitt.example" in response.content.decode()
    client.post(reverse("accounts:invitation_accept", args=[mine.token]))
    assert RoleAssignment.objects.filter(user=user, body=body, role="reader").exists()
    assert not RoleAssignment.objects.filter(user=user, role="member").exists()


@pytest.mark.django_db
def test_duplicate_invitation_and_foreign_role_are_refused_at_the_field(client, body, office_user):
    client.force_login(office_user)
    client.post(people_url(body), {"email": "x@querschnitt.example", "role": "member"})
    response = client.post(people_url(body), {"email": "x@querschnitt.example", "role": "member"})
    assert "Für diese Person und Rolle gibt es bereits eine offene Einladung." in response.content.decode()
    response = client.post(people_url(body), {"email": "y@querschnitt.example", "role": "state_staff"})
    assert response.status_code == 200 and "Bitte eine gültige Auswahl treffen." in response.content.decode()
    response = client.post(people_url(body), {"email": "kein-mail", "role": "member"})
    assert "gültige E-Mail-Adresse" in response.content.decode()
    assert Invitation.objects.count() == 1


@pytest.mark.django_db
def test_office_revokes_an_open_invitation(client, body, office_user):
    invitation = InvitationFactory(body=body, invited_by=office_user)
    client.force_login(office_user)
    client.post(reverse("accounts:invitation_revoke", kwargs={"body": body.slug, "invitation": invitation.pk}))
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert invitation.history.filter(history_user=office_user).exists()


@pytest.mark.django_db
def test_people_page_pins_its_queries(client, body, office_user, make_user, django_assert_max_num_queries):
    for role in ("member", "reader", "moderator"):
        make_user(body, role)
    InvitationFactory.create_batch(3, body=body)
    client.force_login(office_user)
    with django_assert_max_num_queries(12) as queries:
        response = client.get(people_url(body))
    assert response.status_code == 200
    baseline = len(queries)
    for role in ("member", "reader"):
        for _ in range(5):
            make_user(body, role)
    InvitationFactory.create_batch(5, body=body)
    with django_assert_max_num_queries(baseline):
        client.get(people_url(body))
