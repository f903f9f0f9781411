"""The shell around every page: the current body, the body switcher and the navigation."""

from django.urls import reverse

from querschnitt.tenancy.models import Body
from querschnitt.tenancy.selectors import bodies_for_user

from .registry import nav_items_for, public_links


def shell(request):
    match = getattr(request, "resolver_match", None)
    slug = match.kwargs.get("body") if match is not None else None
    if slug is None and hasattr(request, "session"):
        slug = request.session.get("current_body")
    current = Body.objects.filter(slug=slug).only("pk", "name", "slug", "kind").first() if slug else None

    def navigation():
        if current is None:
            return []
        return [
            {
                "label": item.label,
                "url": reverse(item.url_name, kwargs={"body": current.slug}),
                "active": request.resolver_match is not None and request.resolver_match.view_name == item.url_name,
            }
            for item in nav_items_for(request.user, current)
        ]

    return {
        "current_body": current,
        # Callables: evaluated only when a template uses them (error pages do not).
        "switchable_bodies": lambda: list(bodies_for_user(request.user).order_by("name")),
        "navigation": navigation,
        "public_links": lambda: [{"label": link.label, "url": reverse(link.url_name)} for link in public_links()],
    }
