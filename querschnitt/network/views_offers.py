"""Views of the offers directory. Thin: fetch through the access helper (or the secret link), call one service.

- the public directory `/angebote/<body>/` with search and filters, each offer's page, CSV and JSON — for
  everyone, no sign-in, only published offers valid today;
- the page of an actor's editor, reached by the secret link alone (`/angebotsredaktion/<token>/`);
- the body's own pages under `/k/<body>/angebote/` for the office and the integration centre: all offers, the
  review queue, the editors' links.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from querschnitt.core.exceptions import ApplicationError
from querschnitt.core.forms import add_application_error
from querschnitt.core.htmx import is_htmx
from querschnitt.core.pages import form_page
from querschnitt.tenancy.access import access_body, require_perm

from . import exports_offers
from . import forms_offers as forms
from . import selectors_offers as selectors
from . import services_offers as services
from .access import access_network_object
from .models_offers import Offer, OfferEditorInvitation, OfferStatus

PAGE_SIZE = 20
MANAGE_PAGE_SIZE = 50


# --- The public directory ----------------------------------------------------------------------------------------


def _filtered(request: HttpRequest, body: Any) -> tuple[forms.OfferFilterForm, Any]:
    form = forms.OfferFilterForm(
        request.GET or None,
        languages=selectors.directory_languages(body),
        places=selectors.directory_places(body),
    )
    return form, selectors.offer_directory(body, form.filters())


def _filter_query(request: HttpRequest) -> str:
    """The filters of the page as a query string, without the page number (for the downloads)."""
    query = request.GET.copy()
    query.pop("seite", None)
    return query.urlencode()


@require_safe
def directory(request, body):
    """The public directory of the body's offers; for HTMX only the results (the count swaps out of band into the
    live region, so that a screen reader announces it)."""
    body = access_body(body)
    form, offers = _filtered(request, body)
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("seite"))
    htmx = is_htmx(request)
    return render(
        request,
        "network/offers/includes/directory_results.html" if htmx else "network/offers/directory.html",
        {
            "body": body,
            "form": form,
            "page": page,
            "filter_query": _filter_query(request),
            "can_manage": request.user.has_perm("network.manage_offers", body),
            "oob": htmx,
        },
    )


def _public_url(request: HttpRequest, offer: Offer, body: Any) -> str:
    return request.build_absolute_uri(reverse("offers:public_offer", kwargs={"body": body.slug, "offer": offer.pk}))


def _download_name(body: Any, suffix: str) -> str:
    return f"angebote-{body.slug}-{timezone.localdate().isoformat()}.{suffix}"


@require_safe
def directory_csv(request, body):
    """The directory with the page's filters as CSV (open data)."""
    body = access_body(body)
    _form, offers = _filtered(request, body)
    content = exports_offers.offers_csv(offers, url_of=lambda offer: _public_url(request, offer, body))
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_download_name(body, "csv")}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def directory_json(request, body):
    """The directory with the page's filters as JSON (open data)."""
    body = access_body(body)
    _form, offers = _filtered(request, body)
    data = {
        "body": {"name": body.name, "ags": body.ags},
        "generated": timezone.now().isoformat(),
        "offers": exports_offers.offers_json(offers, url_of=lambda offer: _public_url(request, offer, body)),
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'inline; filename="{_download_name(body, "json")}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def public_offer(request, body, offer):
    """One offer, as the public sees it: only a published offer of the body's directory that is valid today."""
    body = access_body(body)
    offer = get_object_or_404(selectors.public_offer_queryset(body), pk=offer)
    return render(
        request,
        "network/offers/public_offer.html",
        {"body": body, "offer": offer, "can_manage": request.user.has_perm("network.manage_offers", offer.actor.body)},
    )


# --- The actor's editor, by secret link ----------------------------------------------------------------------------


def _private(response: HttpResponse) -> HttpResponse:
    """The address holds the secret: never indexed, never sent to another site as a referrer. (Not „no-referrer“:
    browsers then send `Origin: null` with the form, and Django's CSRF check refuses it.)"""
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


def _invitation(token: str) -> OfferEditorInvitation:
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        raise Http404
    return invitation


def _refused(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    """An expired or revoked link: the reason, and nothing of the actor's offers."""
    return _private(render(request, "network/offers/editor_refused.html", {"problem": error.message}, status=410))


def _editor_url(request: HttpRequest) -> str:
    """The editor's link with a `{token}` placeholder, for the e-mails of the services."""
    path = reverse("offers:editor_home", kwargs={"offereditorinvitation_token": "TOKEN"})
    return request.build_absolute_uri(path).replace("TOKEN", "{token}")


@never_cache
@require_safe
def editor_home(request, offereditorinvitation_token):
    """The actor's offers with their status, for its editor; links to add and change them."""
    invitation = _invitation(offereditorinvitation_token)
    try:
        services.check_invitation_usable(invitation)
    except ApplicationError as error:
        return _refused(request, error)
    return _private(
        render(
            request,
            "network/offers/editor_home.html",
            {"invitation": invitation, "offers": selectors.offers_of_actor(invitation.actor)},
        )
    )


def _editor_form_page(request: HttpRequest, invitation: OfferEditorInvitation, offer: Offer | None) -> HttpResponse:
    try:
        services.check_invitation_usable(invitation)
    except ApplicationError as error:
        return _refused(request, error)
    body = invitation.actor.body
    # A proposal that waits (or came back) is what the editor goes on working on.
    initial = dict(offer.pending_change) if offer is not None and offer.pending_change is not None else None
    form = forms.OfferForm(request.POST or None, instance=offer, initial=initial, body=body)
    home = reverse("offers:editor_home", kwargs={"offereditorinvitation_token": invitation.token})
    response = form_page(
        request,
        form=form,
        template="network/offers/editor_edit.html",
        context={
            "invitation": invitation,
            "offer": offer,
            "heading": _("Change offer") if offer is not None else _("New offer"),
            "back": home,
        },
        act=lambda data: services.offer_propose(invitation=invitation, offer=offer, **data),
        success=_("Thank you! The offer has been sent for review; it is published once it has been checked."),
        next_url=lambda _offer: home,
    )
    return _private(response)


@never_cache
def editor_offer_create(request, offereditorinvitation_token):
    return _editor_form_page(request, _invitation(offereditorinvitation_token), None)


@never_cache
def editor_offer_edit(request, offereditorinvitation_token, offer):
    invitation = _invitation(offereditorinvitation_token)
    found = get_object_or_404(Offer.objects.select_related("municipality"), pk=offer, actor=invitation.actor)
    return _editor_form_page(request, invitation, found)


# --- The body's own pages (office, integration centre) -----------------------------------------------------------


def _managed_body(request: HttpRequest, slug: str) -> Any:
    body = access_body(slug)
    require_perm(request.user, "network.manage_offers", body)
    return body


def _offer(request: HttpRequest, body: Any, pk: int) -> Offer:
    queryset = Offer.objects.select_related("actor__body", "municipality", "submitted_by", "reviewed_by")
    return access_network_object(request.user, body, Offer, pk, queryset=queryset)


def offer_url(offer: Offer) -> str:
    return reverse("offers:offer", kwargs={"body": offer.actor.body.slug, "offer": offer.pk})


@login_required
@require_safe
def offers_manage(request, body):
    """All offers of the body's actors, whatever their status."""
    body = _managed_body(request, body)
    form = forms.OfferManageFilterForm(request.GET or None)
    page = Paginator(selectors.offers_of_body(body, **form.filters()), MANAGE_PAGE_SIZE).get_page(
        request.GET.get("seite")
    )
    return render(
        request,
        "network/offers/manage.html",
        {"body": body, "form": form, "page": page, "awaiting": selectors.offers_awaiting_review_count(body)},
    )


def _publish_requested(request: HttpRequest) -> bool:
    return request.POST.get("veroeffentlichen") == "ja"


@login_required
def offer_create(request, body):
    body = _managed_body(request, body)

    def act(data: dict[str, Any]) -> Offer:
        data = dict(data)
        provider = data.pop("provider")
        return services.offer_create(
            actor=request.user, network_actor=provider, publish=_publish_requested(request), **data
        )

    return form_page(
        request,
        form=forms.OfferCreateForm(request.POST or None, body=body),
        template="network/offers/edit.html",
        context={
            "body": body,
            "heading": _("New offer"),
            "back": reverse("offers:manage", kwargs={"body": body.slug}),
            "may_publish": True,
        },
        act=act,
        success=lambda offer: (
            _("The offer has been published.")
            if offer.status == OfferStatus.PUBLISHED
            else _("The offer has been saved as a draft.")
        ),
        next_url=offer_url,
    )


@login_required
@require_safe
def offer_detail(request, body, offer):
    """An offer as the body sees it: its content, status, a proposal waiting beside it, and what can be done."""
    body = _managed_body(request, body)
    found = _offer(request, body, offer)
    places = selectors.places_by_pk([found])
    return render(
        request,
        "network/offers/detail.html",
        {
            "body": body,
            "offer": found,
            "changes": selectors.offer_changes(found, places) if found.pending_change is not None else [],
            "public_url": reverse("offers:public_offer", kwargs={"body": body.slug, "offer": found.pk})
            if found.is_public
            else "",
        },
    )


@login_required
def offer_edit(request, body, offer):
    body = _managed_body(request, body)
    found = _offer(request, body, offer)
    return form_page(
        request,
        form=forms.OfferForm(request.POST or None, instance=found, body=body),
        template="network/offers/edit.html",
        context={"body": body, "heading": _("Edit offer"), "back": offer_url(found), "offer": found},
        act=lambda data: services.offer_update(actor=request.user, offer=found, **data),
        success=_("The offer has been saved."),
        next_url=offer_url,
    )


@login_required
@require_safe
def offer_history(request, body, offer):
    body = _managed_body(request, body)
    found = _offer(request, body, offer)
    return render(
        request,
        "network/history.html",
        {"body": body, "object": found, "entries": selectors.offer_history(found), "back": offer_url(found)},
    )


def _back_after_review(request: HttpRequest, offer: Offer) -> HttpResponse:
    if request.POST.get("von") == "pruefung":
        return redirect("offers:review", body=offer.actor.body.slug)
    return redirect(offer_url(offer))


@login_required
@require_POST
def offer_publish(request, body, offer):
    body = _managed_body(request, body)
    found = _offer(request, body, offer)
    try:
        services.offer_publish(
            actor=request.user,
            offer=found,
            editor_url=_editor_url(request),
            public_url=_public_url(request, found, body),
        )
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("“%(title)s” is published.") % {"title": found.title})
    return _back_after_review(request, found)


@login_required
def offer_send_back(request, body, offer):
    """Send an editor's offer or change back, with a note of what to change (sent to them by e-mail)."""
    body = _managed_body(request, body)
    found = _offer(request, body, offer)
    return form_page(
        request,
        form=forms.SendBackForm(request.POST or None),
        template="network/offers/send_back.html",
        context={
            "body": body,
            "offer": found,
            "heading": _("Send back for revision"),
            "back": reverse("offers:review", kwargs={"body": body.slug}),
        },
        act=lambda data: services.offer_send_back(
            actor=request.user, offer=found, note=data["note"], editor_url=_editor_url(request)
        ),
        success=_("The offer has been sent back; the editor has been told by e-mail."),
        next_url=lambda _offer: reverse("offers:review", kwargs={"body": body.slug}),
    )


@login_required
@require_POST
def offer_archive(request, body, offer):
    body = _managed_body(request, body)
    found = _offer(request, body, offer)
    try:
        services.offer_archive(actor=request.user, offer=found)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("“%(title)s” has been archived.") % {"title": found.title})
    return redirect(offer_url(found))


@login_required
@require_safe
def offers_review(request, body):
    """The review queue: new offers and changes of the actors' editors, oldest first, each with what changed."""
    body = _managed_body(request, body)
    return render(request, "network/offers/review.html", {"body": body, "items": selectors.review_queue(body)})


@login_required
def offer_editors(request, body):
    """The secret links of the actors' editors, and the form that sends a new one."""
    body = _managed_body(request, body)
    form = forms.OfferEditorInviteForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.offer_editor_invite(
                actor=request.user,
                network_actor=form.cleaned_data["provider"],
                email=form.cleaned_data["email"],
                editor_url=_editor_url(request),
            )
        except ApplicationError as error:
            add_application_error(form, error)
        else:
            messages.success(
                request,
                _("The link for %(actor)s has been sent to %(email)s.")
                % {"actor": invitation.actor.name, "email": invitation.email},
            )
            return redirect("offers:editors", body=body.slug)
    return render(
        request,
        "network/offers/editors.html",
        {"body": body, "form": form, "invitations": selectors.invitations_of_body(body), "now": timezone.now()},
    )


@login_required
@require_POST
def offer_editor_revoke(request, body, offereditorinvitation):
    body = _managed_body(request, body)
    invitation = access_network_object(
        request.user,
        body,
        OfferEditorInvitation,
        offereditorinvitation,
        queryset=OfferEditorInvitation.objects.select_related("actor__body"),
    )
    try:
        services.offer_editor_invitation_revoke(actor=request.user, invitation=invitation)
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The link of %(email)s no longer works.") % {"email": invitation.email})
    return redirect("offers:editors", body=body.slug)
