"""Reads of the accounts app."""

from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from querschnitt.core.services_privacy import own_records
from querschnitt.tenancy.models import Body, RoleAssignment

from .models import Invitation, User


def invitations_of_body(body: Body) -> QuerySet[Invitation]:
    return Invitation.objects.filter(body=body).select_related("invited_by", "accepted_by").order_by("-created")


def invitation_by_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("body").filter(token=token).first()


def user_personal_data(user: User) -> dict[str, Any]:
    """Everything Querschnitt stores about the user as a person (Art. 15 and 20 GDPR), as plain JSON data."""
    roles = RoleAssignment.objects.filter(user=user).select_related("body", "granted_by")
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "roles": [
            {
                "body": role.body.name,
                "ags": role.body.ags,
                "role": role.role,
                "since": role.created.isoformat(),
                "granted_by": role.granted_by.email if role.granted_by else None,
            }
            for role in roles
        ],
        "invitations_received": [
            {
                "body": invitation.body.name,
                "role": invitation.role,
                "sent": invitation.created.isoformat(),
                "accepted": invitation.accepted_at.isoformat() if invitation.accepted_at else None,
            }
            for invitation in Invitation.objects.filter(email__iexact=user.email).select_related("body")
        ],
        "invitations_sent": [
            {
                "body": invitation.body.name,
                "email": invitation.email,
                "role": invitation.role,
                "sent": invitation.created.isoformat(),
            }
            for invitation in Invitation.objects.filter(invited_by=user).select_related("body")
        ],
        "second_factors": [
            {"type": authenticator.type, "created": authenticator.created_at.isoformat()}
            for authenticator in Authenticator.objects.filter(user=user)
        ],
        # What the bodies the user works in keep under the same e-mail address (committee member, contact person,
        # registrations …; `core.privacy`). Other bodies answer their own office's data protection page.
        "records_in_bodies": own_records(user=user, bodies=Body.objects.filter(role_assignments__user=user).distinct()),
    }
