"""The bodies the caller works in: where the other operations can be used."""

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja import Router
from ninja.pagination import paginate

from querschnitt.tenancy.selectors import bodies_for_user

from ..schemas import BodyOut
from .common import READ_ERRORS, Pagination

router = Router(tags=["bodies"])


@router.get(
    "/bodies",
    response={200: list[BodyOut], **READ_ERRORS},
    url_name="body_list",
    summary=_("List the bodies you work in"),
    description=_("Their `slug` is the `{body}` of every other path."),
)
@paginate(Pagination)
def body_list(request: HttpRequest):
    bodies = bodies_for_user(request.user).only("pk", "name", "slug", "kind", "ags").order_by("name", "pk")
    token = getattr(request, "api_token", None)
    if token is not None and token.body_id is not None:
        bodies = bodies.filter(pk=token.body_id)
    return bodies
