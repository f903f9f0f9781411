"""One demo user per role, in Rhein-Kreis Neuss, the city of Neuss and the Landesintegrationsrat."""

from django.utils.translation import gettext as _

from querschnitt.tenancy.models import Role
from querschnitt.tenancy.services import role_assignment_create

from .models import User

DEMO_DOMAIN = "querschnitt.example"


def _user(context: dict, local: str, first: str, last: str, description: str) -> User:
    user, created = User.objects.get_or_create(
        email=f"{local}@{DEMO_DOMAIN}", defaults={"first_name": first, "last_name": last}
    )
    if created:
        user.set_password(context["password"])
        user.save(update_fields=["password"])
    context["logins"].append({"email": user.email, "description": description})
    context.setdefault("users", {})[local] = user
    return user


def load(context: dict) -> None:
    kreis, state_council = context["kreis"], context["state_council"]
    neuss = context["municipalities"]["Neuss"]
    people = [
        (
            "geschaeftsstelle",
            "Gabriele",
            "Schmitz",
            Role.OFFICE,
            kreis,
            _("Committee office, Rhein-Kreis Neuss"),
        ),
        (
            "ki",
            "Kemal",
            "Yılmaz",
            Role.INTEGRATION_CENTRE,
            kreis,
            _("Integration centre, Rhein-Kreis Neuss (also reader in Neuss: try the body switcher)"),
        ),
        (
            "mitglied",
            "Maria",
            "Kowalski",
            Role.MEMBER,
            kreis,
            _("Committee member, Rhein-Kreis Neuss; also member of the committee of Neuss (sees its non-public items)"),
        ),
        ("moderation", "Jonas", "Becker", Role.MODERATOR, kreis, _("Workshop moderator, Rhein-Kreis Neuss")),
        ("lesen", "Lena", "Hoffmann", Role.READER, kreis, _("Reader, Rhein-Kreis Neuss")),
        ("neuss", "Nadia", "Haddad", Role.OFFICE, neuss, _("Committee office, city of Neuss")),
        (
            "lir",
            "Leonie",
            "Wagner",
            Role.STATE_STAFF,
            state_council,
            _("State staff, Landesintegrationsrat NRW (sees every body)"),
        ),
    ]
    for local, first, last, role, body, description in people:
        user = _user(context, local, first, last, description)
        role_assignment_create(actor=None, user=user, body=body, role=role)
    role_assignment_create(actor=None, user=context["users"]["ki"], body=neuss, role=Role.READER)
