from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from querschnitt.core import views as core_views

urlpatterns = [
    # The machine interfaces first: a request to them need not be tried against every page's pattern (about 400
    # patterns, a millisecond per request). Nothing below starts with these prefixes.
    path("oparl/", include("querschnitt.oparl.urls")),
    path("api/", include("querschnitt.api.urls")),
    path("", include("querschnitt.core.urls")),
    path("", include("querschnitt.accounts.urls")),
    path("konto/", include("allauth.urls")),
    path("k/", include("querschnitt.tenancy.urls")),
    path("k/", include("querschnitt.oparl.urls_import")),
    path("", include("querschnitt.committees.urls")),
    path("", include("querschnitt.network.urls")),
    path("", include("querschnitt.network.urls_offers")),
    path("", include("querschnitt.network.urls_centre")),
    path("", include("querschnitt.network.urls_funding")),
    path("", include("querschnitt.strategy.urls")),
    path("", include("querschnitt.participation.urls")),
    path("", include("querschnitt.participation.urls_documentation")),
    path("", include("querschnitt.participation.urls_groups")),
    path("", include("querschnitt.statewide.urls_coaching")),
    path("", include("querschnitt.statewide.urls_training")),
    path("", include("querschnitt.statewide.urls_dashboard")),
    path("", include("querschnitt.statewide.urls_practice")),
    path("", include("querschnitt.reporting.urls_hub")),
    path("", include("querschnitt.reporting.urls_reports")),
    path("", include("querschnitt.reporting.urls_analysis")),
    path("", include("querschnitt.reporting.urls_statistics")),
    path("", include("querschnitt.reporting.urls_public")),
    path("admin/", admin.site.urls),
]

handler403 = "querschnitt.core.views.permission_denied"
handler404 = "querschnitt.core.views.page_not_found"
handler500 = "querschnitt.core.views.server_error"
# Read by django-allauth when its own rate limits (sign-in, password reset) are exceeded.
handler429 = "querschnitt.core.views.too_many_requests"

if settings.DEBUG:
    urlpatterns += [path("fehlerseiten/<int:status>/", core_views.error_preview)]
