"""The JSON API (django-ninja, OpenAPI at /api/docs)."""

urlpatterns: list = []
