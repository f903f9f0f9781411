"""A URL configuration with deliberately leaking views, to prove that the tenant crawler catches leaks: one shows
another body's people, one changes another body's data on POST."""

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


def leaky_write(request, body, roleassignment):
    # The other mistake: a write without permission check or tenant scoping.
    if request.method == "POST":
        RoleAssignment.objects.filter(pk=roleassignment).update(role="reader")
    return HttpResponse("ok")


urlpatterns = [
    path("k/<slug:body>/leck/", leaky_people, name="leaky_people"),
    path("k/<slug:body>/leck/<int:roleassignment>/", leaky_write, name="leaky_write"),
    *project_urlpatterns,
]
