"""The shell around every page: the current body, the body switcher and the navigation."""

from django.urls import reverse

from querschnitt.tenancy.models import Body
from querschnitt.tenancy.selectors import bodies_for_user

from .registry import nav_areas_for, public_links


def shell(request):
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("body") if match is not None else None
    if slug is None and hasattr(request, "session"):
        slug = request.session.get("current_body")
    current = Body.objects.filter(slug=slug).only("pk", "name", "slug", "kind").first() if slug else None

    def navigation():
        """The areas (first row) and the pages of the area of the current page (second row)."""
        if current is None:
            return {}
        view_name = match.view_name if match is not None else ""
        areas = nav_areas_for(request.user, current)
        active = next((area for area in areas if any(item.url_name == view_name for item in area.items)), None)
        if active is None and match is not None and match.kwargs.get("body") == current.slug:
            # A page of this body below a list (a meeting, a measure): the area of its app.
            namespace = view_name.partition(":")[0]
            active = next(
                (area for area in areas if any(item.covers(namespace) for item in area.items)),
                None,
            )

        def link(item):
            url = reverse(item.url_name, kwargs={"body": current.slug})
            return {"label": item.label, "url": url, "current": item.url_name == view_name}

        def area_link(area):
            # An area is the current page only if it has one page; otherwise the page is marked in the second row.
            first = link(area.items[0])
            return {**first, "label": area.label, "current": first["current"] and len(area.items) == 1}

        return {
            "areas": [{**area_link(area), "active": area is active} for area in areas],
            "area": active.label if active is not None else "",
            "pages": [link(item) for item in active.items] if active is not None and len(active.items) > 1 else [],
        }

    return {
        "current_body": current,
        # Callables: evaluated only when a template uses them (error pages do not).
        "switchable_bodies": lambda: list(bodies_for_user(request.user).order_by("name")),
        "navigation": navigation,
        "public_links": lambda: [{"label": link.label, "url": reverse(link.url_name)} for link in public_links()],
    }
