"""A URL configuration with one deliberately leaking view, to prove that the tenant crawler catches leaks."""

from django.http import HttpResponse
from django.urls import path

from querschnitt.tenancy.models import RoleAssignment
from querschnitt.urls import urlpatterns as project_urlpatterns


def leaky_people(request, body):
    # The mistake the crawler must catch: no access helper, no permission check.
    names = ", ".join(
        f"{ra.user.first_name} {ra.user.last_name}" for ra in RoleAssignment.objects.filter(body__slug=body)
    )
    return HttpResponse(names)


urlpatterns = [path("k/<slug:body>/leck/", leaky_people, name="leaky_people"), *project_urlpatterns]
