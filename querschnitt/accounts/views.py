import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error
from querschnitt.core.history import history_entries
from querschnitt.tenancy import selectors as tenancy_selectors
from querschnitt.tenancy import services as tenancy_services
from querschnitt.tenancy.access import access_body, access_role_assignment, require_perm

from . import selectors, services
from .forms import AcceptWithNewAccountForm, AccountDeleteForm, InvitationForm, ProfileForm
from .models import Invitation, User


@login_required
def people(request, body):
    """People of a body: their roles, open invitations and the form to invite someone."""
    body = access_body(body)
    require_perm(request.user, "tenancy.view_roles", body)
    can_invite = request.user.has_perm("accounts.invite_to_body", body)
    form = InvitationForm(request.POST or None, body=body)
    if request.method == "POST":
        if not can_invite:
            raise Http404
        if form.is_valid():
            try:
                accept_url = request.build_absolute_uri(reverse("accounts:invitation_accept", args=["TOKEN"]))
                invitation = services.invitation_create(
                    actor=request.user,
                    body=body,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    accept_url=accept_url.replace("TOKEN", "{token}"),
                )
            except ApplicationError as error:
                add_application_error(form, error)
            else:
                messages.success(request, _("The invitation has been sent to %(email)s.") % {"email": invitation.email})
                return redirect("accounts:people", body=body.slug)
    return render(
        request,
        "accounts/people.html",
        {
            "body": body,
            "assignments": tenancy_selectors.role_assignments_of_body(body),
            "invitations": selectors.invitations_of_body(body).pending(),
            "form": form,
            "can_invite": can_invite,
        },
    )


@login_required
@require_POST
def role_revoke(request, body, roleassignment):
    body = access_body(body)
    assignment = access_role_assignment(request.user, body, roleassignment)
    try:
        tenancy_services.role_assignment_revoke(actor=request.user, assignment=assignment)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The role “%(role)s” of %(person)s has been revoked.")
            % {"role": assignment.get_role_display(), "person": assignment.user.display_name},
        )
    return redirect("accounts:people", body=body.slug)


@login_required
def people_history(request, body):
    body = access_body(body)
    require_perm(request.user, "tenancy.view_roles", body)
    records = tenancy_selectors.role_history_of_body(body)[:200]
    entries = history_entries(
        records,
        subject=lambda record: (
            _("%(person)s as %(role)s")
            % {
                "person": record.user.display_name if record.user else _("deleted account"),
                "role": record.get_role_display(),
            }
        ),
    )
    return render(request, "accounts/people_history.html", {"body": body, "entries": entries})


@login_required
@require_POST
def invitation_revoke(request, body, invitation):
    body = access_body(body)
    require_perm(request.user, "accounts.view_invitations", body)
    invitation = get_object_or_404(Invitation, body=body, pk=invitation)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The invitation to %(email)s has been revoked.") % {"email": invitation.email})
    return redirect("accounts:people", body=body.slug)


def invitation_accept(request, invitation_token):
    """The link from the invitation e-mail. Signed in: accept. New: create the account and accept in one step."""
    invitation = selectors.invitation_by_token(invitation_token)
    if invitation is None:
        raise Http404
    problem = None
    if not invitation.is_pending:
        problem = (
            _("This invitation has already been accepted.")
            if invitation.accepted_at
            else _("This invitation has been revoked.")
            if invitation.revoked_at
            else _("This invitation has expired. Please ask for a new one.")
        )
    form = AcceptWithNewAccountForm(request.POST or None)
    if request.method == "POST" and problem is None:
        try:
            if request.user.is_authenticated:
                services.invitation_accept(invitation=invitation, user=request.user)
                user = request.user
            elif form.is_valid():
                user = services.invitation_accept_with_new_account(
                    invitation=invitation,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            else:
                user = None
        except ApplicationError as error:
            if error.field:
                add_application_error(form, error)
            else:
                messages.error(request, error.message)
            user = None
        if user is not None:
            messages.success(
                request,
                _("Welcome! You now work in %(body)s as %(role)s.")
                % {"body": invitation.body.name, "role": invitation.get_role_display()},
            )
            return redirect("tenancy:dashboard", body=invitation.body.slug)
    return render(
        request,
        "accounts/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "problem": problem,
            "account_exists": not request.user.is_authenticated
            and User.objects.filter(email__iexact=invitation.email).exists(),
        },
    )


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(
        request.POST or None,
        initial={"first_name": user.first_name, "last_name": user.last_name, "language": user.language},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update_profile(actor=user, user=user, **form.cleaned_data)
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            translation.activate(user.language)  # confirm in the language just chosen
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    roles = user.role_assignments.select_related("body").order_by("body__name", "role")
    return render(request, "accounts/profile.html", {"form": form, "roles": roles})


@login_required
def data_export(request):
    data = selectors.user_personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="querschnitt-meine-daten-{stamp}.json"'
    return response


@login_required
def account_delete(request):
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete(actor=request.user, user=request.user, password=form.cleaned_data["password"])
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("core:home")
    return render(request, "accounts/account_delete.html", {"form": form})
