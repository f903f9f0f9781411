"""The JSON API (django-ninja; documentation at /api/docs, schema at /api/openapi.json) and the token page.

Both live in the URL namespace "api": the API's operations are `api:<operation>` (e.g. `api:concept_list`).
"""

from django.urls import include, path, re_path
from django.views.generic import RedirectView

from . import views
from .api import api

ninja_patterns, _app_name, namespace = api.urls

pages = [
    # Before the API's own root (which only answers 404): /api/ leads to the documentation.
    path("", RedirectView.as_view(pattern_name="api:openapi-view"), name="index"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:apitoken>/widerrufen/", views.token_revoke, name="token_revoke"),
]

# After the API's operations: any other path below /api/bodies (an id that is not a number, a path the API does not
# have) is a 404 in JSON, as every other error of the API, instead of the site's HTML page.
fallback = [re_path(r"^bodies(?:/.*)?$", views.not_found)]

urlpatterns = [path("", include((pages + ninja_patterns + fallback, "api"), namespace=namespace))]
