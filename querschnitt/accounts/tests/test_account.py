import json

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from querschnitt.accounts.models import User
from querschnitt.tenancy.models import RoleAssignment

PASSWORD = "Richtig-Geheim-2026"


@pytest.mark.django_db
def test_login_with_email_and_password_leads_to_the_only_body(client, office_user, body):
    response = client.post(reverse("account_login"), {"login": office_user.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get(reverse("core:home"))
    assert response.url == reverse("tenancy:dashboard", kwargs={"body": body.slug})


@pytest.mark.django_db
def test_wrong_password_is_refused_in_german(client, office_user):
    response = client.post(reverse("account_login"), {"login": office_user.email, "password": "falsch"})
    assert "Die E-Mail-Adresse und/oder das Passwort sind leider falsch." in response.content.decode()


@pytest.mark.django_db
def test_repeated_failures_lock_the_login_with_a_german_message(client, office_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("account_login"), {"login": office_user.email, "password": "falsch"})
    assert response.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in response.content.decode()
    # Even the right password is refused while the lock lasts.
    response = client.post(reverse("account_login"), {"login": office_user.email, "password": PASSWORD})
    assert response.status_code == 429


@pytest.mark.django_db
def test_password_reset_sends_a_german_mail(client, office_user, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": office_user.email})
    assert len(mailoutbox) == 1
    assert "Passwort" in mailoutbox[0].subject


@pytest.mark.django_db
def test_profile_switches_the_interface_to_english(client, office_user):
    client.force_login(office_user)
    response = client.post(
        reverse("accounts:profile"),
        {"first_name": "Erika", "last_name": "Muster", "language": "en"},
        follow=True,
    )
    page = response.content.decode()
    assert '<html lang="en">' in page and "Your profile has been saved." in page
    office_user.refresh_from_db()
    assert office_user.language == "en" and office_user.last_name == "Muster"
    client.logout()
    assert '<html lang="de">' in client.get(reverse("core:home")).content.decode()


@pytest.mark.django_db
def test_personal_data_export_contains_what_the_users_bodies_keep_under_the_same_address(client, office_user, body):
    from querschnitt.committees.tests.factories import BodyFactory, PersonFactory

    PersonFactory(body=body, given_name="Erika", family_name="Muster", email=office_user.email.upper())
    PersonFactory(body=BodyFactory(), email=office_user.email)  # another body's record: that body's office answers
    client.force_login(office_user)
    data = json.loads(client.get(reverse("accounts:data_export")).content)
    [in_body] = data["records_in_bodies"]
    assert in_body["body"] == body.name
    persons = [area["records"] for area in in_body["areas"] if area["source"].startswith("committees")]
    assert [[record["family_name"] for record in records] for records in persons] == [["Muster"]]


@pytest.mark.django_db
def test_personal_data_export_contains_account_and_roles(client, office_user, body):
    client.force_login(office_user)
    response = client.get(reverse("accounts:data_export"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == office_user.email
    assert data["roles"] == [
        {
            "body": body.name,
            "ags": body.ags,
            "role": "office",
            "since": data["roles"][0]["since"],
            "granted_by": None,
        }
    ]


@pytest.mark.django_db
def test_account_deletion_needs_the_password_and_keeps_history_without_the_person(client, body, make_user):
    make_user(body, "office")  # someone else keeps the body running
    user = make_user(body, "reader")
    client.force_login(user)
    url = reverse("accounts:account_delete")
    response = client.post(url, {"password": "falsch", "confirm": "on"})
    assert "Das Passwort ist nicht richtig." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()

    response = client.post(url, {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not RoleAssignment.objects.filter(user_id=user.pk).exists()
    assert not RoleAssignment.history.filter(user_id=user.pk).exists()
    assert RoleAssignment.history.filter(body_id=body.pk, user_id__isnull=True).exists()


@pytest.mark.django_db
def test_mfa_can_be_required_for_a_role(client, office_user, make_user, body, settings):
    settings.QUERSCHNITT_MFA_REQUIRED_ROLES = ["office"]
    client.force_login(office_user)
    response = client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug}))
    assert response.status_code == 302 and response.url == reverse("mfa_activate_totp")
    # allauth asks for the password again before MFA changes; that page must not loop back.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302 and response.url.startswith(reverse("account_reauthenticate"))
    assert client.get(response.url).status_code == 200
    assert client.get(reverse("core:imprint")).status_code == 200
    Authenticator.objects.create(user=office_user, type=Authenticator.Type.TOTP, data={"secret": "x"})
    assert client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug})).status_code == 200
    reader = make_user(body, "reader")
    client.force_login(reader)
    assert client.get(reverse("tenancy:dashboard", kwargs={"body": body.slug})).status_code == 200


@pytest.mark.django_db
def test_open_signup_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "a@querschnitt.example", "password1": "Sehr-Lang-2026", "password2": "Sehr-Lang-2026"},
    )
    assert not User.objects.filter(email="a@querschnitt.example").exists()
    assert response.status_code == 200


def current_code(secret: str) -> str:
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.django_db
def test_totp_second_factor_end_to_end(client, office_user):
    """Set up an authenticator app, then sign in again with password and app code."""
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    client.post(reverse("account_login"), {"login": office_user.email, "password": PASSWORD})
    # allauth asks for the password once more before security settings change.
    assert client.get(reverse("mfa_activate_totp")).url.startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(
        reverse("mfa_activate_totp"), {"code": "000000" if current_code(secret) != "000000" else "1"}
    )
    assert "Falscher Code" in response.content.decode() or "Ungültiger Code" in response.content.decode()
    assert not Authenticator.objects.filter(user=office_user, type="totp").exists()
    client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert Authenticator.objects.filter(user=office_user, type="totp").exists()
    assert Authenticator.objects.filter(user=office_user, type="recovery_codes").exists()

    client.post(reverse("account_logout"))
    response = client.post(reverse("account_login"), {"login": office_user.email, "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # not signed in before the second factor
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(office_user.pk)
