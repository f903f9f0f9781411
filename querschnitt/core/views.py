from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import translation
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import requires_csrf_token

from querschnitt.tenancy.selectors import bodies_for_user, home_body_of

from . import services
from .forms import AccessibilityFeedbackForm
from .htmx import is_htmx


def home(request):
    """Signed in: the body last worked in, else the body of the user's first role; otherwise the public start."""
    if request.user.is_authenticated:
        slug = request.session.get("current_body")
        if slug and bodies_for_user(request.user).filter(slug=slug).exists():
            return redirect("tenancy:dashboard", body=slug)
        home_body = home_body_of(request.user)
        if home_body is not None:
            return redirect("tenancy:dashboard", body=home_body.slug)
    return render(request, "core/home.html")


def imprint(request):
    return render(request, "core/imprint.html", {"operator": settings.QUERSCHNITT_OPERATOR})


def privacy(request):
    return render(request, "core/privacy.html", {"operator": settings.QUERSCHNITT_OPERATOR})


def accessibility(request):
    form = AccessibilityFeedbackForm(request.POST or None, initial={"page_url": request.GET.get("seite", "")})
    if request.method == "POST" and form.is_valid():
        services.accessibility_feedback_submit(**form.cleaned_data)
        messages.success(request, _("Thank you. Your report has been sent; we will look into it."))
        return redirect("core:accessibility")
    return render(
        request,
        "core/accessibility.html",
        {
            "form": form,
            "tested_on": parse_date(settings.QUERSCHNITT_ACCESSIBILITY_TESTED_ON),
            "feedback_email": settings.QUERSCHNITT_FEEDBACK_EMAIL,
        },
    )


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    # Rendered without context processors: the database may be the very thing that failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


def _wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return (
        request.path.startswith(("/api/", "/oparl/"))
        or request.path.endswith(".json")
        or ("application/json" in accept and "text/html" not in accept)
    )


TOO_MANY = gettext_lazy("Too many requests. Please wait a moment and try again.")
OPARL_ERROR = "https://schema.oparl.org/1.1/Error"


def too_many_requests(
    request: HttpRequest, exception: Exception | None = None, *, retry_after: int = 60
) -> HttpResponse:
    """429: the German page (a fragment for htmx, JSON for JSON clients), with Retry-After. Also allauth's answer
    when its own limits are exceeded (`handler429`)."""
    minutes = max(1, -(-retry_after // 60))
    response: HttpResponse
    if request.path.startswith("/oparl/"):
        # An OParl error object, readable by any origin like every OParl answer (oparl/views.py).
        with translation.override(settings.LANGUAGE_CODE):  # OParl speaks the language of its data
            message = str(TOO_MANY)
        payload = {"type": OPARL_ERROR, "message": message, "debug": f"rate limit; retry after {retry_after} s"}
        response = JsonResponse(payload, status=429)
        response["Access-Control-Allow-Origin"] = "*"
    elif _wants_json(request):
        response = JsonResponse({"detail": TOO_MANY, "retry_after": retry_after}, status=429)
    else:
        template = "core/includes/too_many_requests.html" if is_htmx(request) else "429.html"
        response = render(request, template, {"retry_after": retry_after, "minutes": minutes}, status=429)
        if is_htmx(request):
            # htmx swaps this answer (see htmx-config in base.html) into the main area instead of the target.
            response["HX-Retarget"] = "#inhalt"
            response["HX-Reswap"] = "innerHTML"
    response["Retry-After"] = str(retry_after)
    return response


def error_preview(request, status):
    """DEBUG only: shows the German error pages for checking their wording and look."""
    if status == 429:
        return too_many_requests(request)
    if status not in (403, 404, 500):
        raise Http404
    return render(request, f"{status}.html", status=status)
