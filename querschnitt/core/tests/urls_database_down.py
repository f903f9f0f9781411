"""A URL whose view meets a read-only database (for the middleware test)."""

from django.db import OperationalError
from django.urls import path


def write_something(request):
    raise OperationalError("attempt to write a readonly database")


urlpatterns = [path("schreiben/", write_something)]
