"""The page where people manage their personal API tokens."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error

from . import selectors, services
from .access import access_api_token
from .forms import ApiTokenForm


@never_cache
@login_required
def tokens(request):
    """List the own tokens; create one. The secret of a new token is shown in this one answer and never again."""
    form = ApiTokenForm(request.POST or None, user=request.user)
    new_token = secret = None
    if request.method == "POST" and form.is_valid():
        try:
            new_token, secret = services.api_token_create(
                actor=request.user,
                name=form.cleaned_data["name"],
                body=form.cleaned_data["body"],
                expires=form.expires(),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            form = ApiTokenForm(user=request.user)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": selectors.tokens_of_user(request.user), "new_token": new_token, "secret": secret},
    )


@login_required
@require_POST
def token_revoke(request, apitoken):
    token = access_api_token(request.user, apitoken)
    try:
        services.api_token_revoke(actor=request.user, token=token)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("api:tokens")


@csrf_exempt  # it changes nothing; without this, a POST would get the CSRF failure page instead of the 404
def not_found(request, *args, **kwargs):
    """A path below /api/bodies that the API does not have: 404 as JSON, like the API's own errors."""
    return JsonResponse({"detail": _("Not found.")}, status=404)
