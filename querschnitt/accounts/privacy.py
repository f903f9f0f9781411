"""Personal data of accounts (`core.privacy`): the people who work in a body (their roles there) and the invitations
the body sent.

An account is shared by every body the person works in, so a body removes only its own part: the roles in the body
and its invitations. Only when the person then works in no body any more is the account itself anonymised and
switched off (name, e-mail, password, second factors); its rows stay so that the change history keeps its
references, but they no longer name anyone. A person deletes their own account on their profile page.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.privacy import (
    ANONYMISE,
    DELETE,
    PrivacyQuery,
    PrivacyRecord,
    PrivacySource,
    delete_rows,
    iso,
    name_forms,
    register_privacy_source,
)
from querschnitt.tenancy.models import RoleAssignment
from querschnitt.tenancy.selectors import forget_cached_roles

from .models import Invitation, User


def _anonymised_email(user: User) -> str:
    return f"geloescht-{user.pk}@geloescht.invalid"


def find_users(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    by_user: dict[int, list[RoleAssignment]] = {}
    users: dict[int, User] = {}
    for assignment in RoleAssignment.objects.filter(body=body).select_related("user", "granted_by"):
        user = assignment.user
        if query.matches(emails=(user.email,), names=name_forms(user.first_name, user.last_name)):
            by_user.setdefault(user.pk, []).append(assignment)
            users[user.pk] = user
    if not users:
        return []
    elsewhere = set(
        RoleAssignment.objects.filter(user_id__in=users).exclude(body=body).values_list("user_id", flat=True)
    )
    records = []
    for pk, user in users.items():
        roles = by_user[pk]
        removes = [
            _("the roles in this body: %(roles)s") % {"roles": ", ".join(str(r.get_role_display()) for r in roles)}
        ]
        keeps = []
        if pk in elsewhere or user.is_staff or user.is_superuser:
            keeps.append(_("the user account: the person also works in other bodies"))
        else:
            removes.append(
                _("the user account is anonymised and switched off: name, e-mail address, password, second factors")
            )
            keeps.append(_("changes the person made stay in the change history, without their name"))
        records.append(
            PrivacyRecord(
                source="accounts.user",
                pk=pk,
                title=_("User account %(name)s") % {"name": user.display_name},
                action=ANONYMISE,
                removes=removes,
                keeps=keeps,
                obj=user,
                extra={"body_id": body.pk, "keep_account": pk in elsewhere or user.is_staff or user.is_superuser},
                data={
                    "email": user.email,
                    "first_name": user.first_name,
                    "last_name": user.last_name,
                    "language": user.language,
                    "date_joined": iso(user.date_joined),
                    "last_login": iso(user.last_login),
                    "roles_in_this_body": [
                        {
                            "role": role.role,
                            "since": iso(role.created),
                            "granted_by": role.granted_by.email if role.granted_by else None,
                        }
                        for role in roles
                    ],
                },
            )
        )
    return records


def erase_users(records: list[PrivacyRecord], actor: Any) -> int:
    for record in records:
        if actor is not None and record.pk == actor.pk:
            raise ApplicationError(_("You cannot erase your own account here. Use your profile page."))
    for record in records:
        user = record.obj
        body_id = record.extra["body_id"]
        RoleAssignment.objects.filter(user=user, body_id=body_id).delete()
        # The body's history of roles keeps what happened, no longer to whom.
        RoleAssignment.history.filter(user_id=user.pk, body_id=body_id).update(user_id=None)
        Invitation.objects.filter(body_id=body_id, email__iexact=user.email, accepted_at__isnull=True).delete()
        forget_cached_roles(user)
        if not record.extra["keep_account"]:
            _anonymise_account(user)
    return len(records)


def _anonymise_account(user: User) -> None:
    """Switch the account off and remove what names the person; the row stays for the references to it."""
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    for model in apps.get_models():
        if model.__name__.startswith("Historical") and any(f.name == "history_user" for f in model._meta.fields):
            model._default_manager.filter(history_user=user).update(history_user=None)
    user.first_name = ""
    user.last_name = ""
    user.email = _anonymised_email(user)
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["first_name", "last_name", "email", "is_active", "password"])


def find_invitations(body: Any, query: PrivacyQuery) -> list[PrivacyRecord]:
    if not query.email:
        return []
    return [
        PrivacyRecord(
            source="accounts.invitation",
            pk=invitation.pk,
            title=_("Invitation as %(role)s of %(date)s (%(status)s)")
            % {
                "role": invitation.get_role_display(),
                "date": f"{invitation.created:%d.%m.%Y}",
                "status": invitation.status,
            },
            action=DELETE,
            removes=[_("the invitation with the e-mail address")],
            obj=invitation,
            data={
                "email": invitation.email,
                "role": invitation.role,
                "sent": iso(invitation.created),
                "valid_until": iso(invitation.expires_at),
                "accepted": iso(invitation.accepted_at),
                "revoked": iso(invitation.revoked_at),
            },
        )
        for invitation in Invitation.objects.filter(body=body, email__iexact=query.email).order_by("created")
    ]


def erase_invitations(records: list[PrivacyRecord], actor: Any) -> int:
    return delete_rows(Invitation, [record.pk for record in records])


register_privacy_source(
    PrivacySource(
        key="accounts.user",
        label=gettext_lazy("User accounts and roles"),
        area=gettext_lazy("Accounts and roles"),
        order=10,
        find=find_users,
        erase=erase_users,
    )
)
register_privacy_source(
    PrivacySource(
        key="accounts.invitation",
        label=gettext_lazy("Invitations"),
        area=gettext_lazy("Accounts and roles"),
        order=11,
        find=find_invitations,
        erase=erase_invitations,
    )
)
