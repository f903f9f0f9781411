"""Writes of the accounts app: invitations, profile, erasure. Validate, then act."""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.history import record_actor
from querschnitt.tenancy.models import Body, BodyKind, Role, RoleAssignment
from querschnitt.tenancy.services import role_assignment_create

from .models import Invitation, User


def invitation_create(*, actor: User, body: Body, email: str, role: str, accept_url: str) -> Invitation:
    """Invite `email` into `body` with `role` and send the link. `accept_url` has a `{token}` placeholder."""
    email = email.strip().lower()
    if not actor.has_perm("accounts.invite_to_body", body):
        raise ApplicationError(_("You may not invite people into this body."))
    if role not in Role.values:
        raise ApplicationError(_("This role does not exist."), field="role")
    if (role == Role.STATE_STAFF) != (body.kind == BodyKind.STATE_COUNCIL):
        raise ApplicationError(
            _("The state integration council has only state staff, and state staff work only there."),
            field="role",
        )
    if RoleAssignment.objects.filter(body=body, role=role, user__email__iexact=email).exists():
        raise ApplicationError(_("This person already has this role here."), field="email")
    if Invitation.objects.pending().filter(body=body, role=role, email__iexact=email).exists():
        raise ApplicationError(_("An open invitation for this person and role exists already."), field="email")

    invitation = Invitation(
        body=body,
        email=email,
        role=role,
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.QUERSCHNITT_INVITATION_DAYS),
    )
    invitation.full_clean()
    record_actor(invitation, actor)
    with transaction.atomic():
        invitation.save()
        # The mail is written in German: the invited person has no language setting yet.
        with translation.override(settings.LANGUAGE_CODE):
            context = {"invitation": invitation, "url": accept_url.format(token=invitation.token)}
            send_mail(
                subject=_("Invitation to Querschnitt: %(body)s") % {"body": body.name},
                message=render_to_string("accounts/email/invitation.txt", context),
                from_email=None,
                recipient_list=[email],
            )
    return invitation


def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    if not actor.has_perm("accounts.invite_to_body", invitation.body):
        raise ApplicationError(_("You may not revoke invitations in this body."))
    if not invitation.is_pending:
        raise ApplicationError(_("Only open invitations can be revoked."))
    invitation.revoked_at = timezone.now()
    record_actor(invitation, actor)
    invitation.full_clean()
    invitation.save(update_fields=["revoked_at", "modified"])


def _check_invitation_usable(invitation: Invitation) -> None:
    if invitation.accepted_at:
        raise ApplicationError(_("This invitation has already been accepted."))
    if invitation.revoked_at:
        raise ApplicationError(_("This invitation has been revoked."))
    if invitation.expires_at <= timezone.now():
        raise ApplicationError(_("This invitation has expired. Please ask for a new one."))


def invitation_accept(*, invitation: Invitation, user: User) -> RoleAssignment:
    """A signed-in user accepts an invitation that was sent to their own e-mail address."""
    _check_invitation_usable(invitation)
    if user.email.lower() != invitation.email.lower():
        raise ApplicationError(
            _("This invitation was sent to %(email)s. Please sign in with that address.") % {"email": invitation.email}
        )
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_invitation_usable(locked)
        locked.accepted_at = timezone.now()
        locked.accepted_by = user
        record_actor(locked, user)
        locked.save(update_fields=["accepted_at", "accepted_by", "modified"])
        assignment = role_assignment_create(actor=None, user=user, body=invitation.body, role=invitation.role)
        assignment.granted_by = invitation.invited_by
        assignment.save(update_fields=["granted_by", "modified"])
    return assignment


def invitation_accept_with_new_account(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> User:
    """Creates the account for the invited e-mail address and accepts the invitation in one step."""
    _check_invitation_usable(invitation)
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ApplicationError(_("An account with this e-mail address exists already. Please sign in first."))
    user = User(email=invitation.email, first_name=first_name.strip(), last_name=last_name.strip())
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages), field="password1") from error
    user.set_password(password)
    with transaction.atomic():
        user.full_clean()
        user.save()
        invitation_accept(invitation=invitation, user=user)
    return user


def user_update_profile(*, actor: User, user: User, first_name: str, last_name: str, language: str) -> User:
    if actor.pk != user.pk:
        raise ApplicationError(_("You can only change your own profile."))
    user.first_name, user.last_name, user.language = first_name.strip(), last_name.strip(), language
    user.full_clean()
    user.save(update_fields=["first_name", "last_name", "language"])
    return user


def user_delete(*, actor: User, user: User, password: str) -> None:
    """Erase the account. Roles and second factors go with it; the change history keeps no link to the person."""
    if actor.pk != user.pk:
        raise ApplicationError(_("You can only delete your own account."))
    if not user.check_password(password):
        raise ApplicationError(_("The password is not correct."), field="password")
    with transaction.atomic():
        Invitation.objects.filter(email__iexact=user.email, accepted_at__isnull=True).delete()
        RoleAssignment.objects.filter(user=user).delete()
        # Every change history keeps what changed, but no longer who the person was.
        for model in apps.get_models():
            if model.__name__.startswith("Historical") and any(f.name == "history_user" for f in model._meta.fields):
                model._default_manager.filter(history_user=user).update(history_user=None)
        RoleAssignment.history.filter(user_id=user.pk).update(user_id=None)
        user.delete()
