from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from querschnitt.tenancy.selectors import bodies_for_user, home_body_of

from . import services
from .forms import AccessibilityFeedbackForm


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


def error_preview(request, status):
    """DEBUG only: shows the German error pages for checking their wording and look."""
    if status not in (403, 404, 500):
        raise Http404
    return render(request, f"{status}.html", status=status)
