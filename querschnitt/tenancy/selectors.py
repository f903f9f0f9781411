"""Reads about bodies and roles. Role look-ups are cached on the user object for one request."""

from typing import Any

from django.db.models import QuerySet

from .models import Body, Role, RoleAssignment

_CACHE_ATTR = "_querschnitt_roles"


def _roles_by_body_id(user: Any) -> dict[int, set[str]]:
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = {}
        for body_id, role in RoleAssignment.objects.filter(user=user).values_list("body_id", "role"):
            cached.setdefault(body_id, set()).add(role)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_cached_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_state_staff(user: Any) -> bool:
    return any(Role.STATE_STAFF in roles for roles in _roles_by_body_id(user).values())


def roles_in_body(user: Any, body: Body | None) -> set[str]:
    """The roles a user holds in `body`; state staff hold `state_staff` in every body."""
    if body is None:
        return set()
    roles = set(_roles_by_body_id(user).get(body.pk, set()))
    if is_state_staff(user):
        roles.add(Role.STATE_STAFF)
    return roles


def bodies_for_user(user: Any) -> QuerySet[Body]:
    """Bodies the user works in, for the body switcher. State staff may switch to every body."""
    if not getattr(user, "is_authenticated", False):
        return Body.objects.none()
    if is_state_staff(user):
        return Body.objects.all().only("pk", "name", "slug", "kind", "designation")
    return Body.objects.filter(pk__in=_roles_by_body_id(user).keys()).only("pk", "name", "slug", "kind")


def home_body_of(user: Any) -> Body | None:
    """The body of the user's first role: where they land after signing in."""
    first = RoleAssignment.objects.filter(user=user).select_related("body").order_by("created", "pk").first()
    return first.body if first is not None else None


def body_list(*, query: str = "", kind: str = "") -> QuerySet[Body]:
    """The public directory of bodies, with the parent named for each."""
    bodies = Body.objects.select_related("parent").only(
        "pk", "name", "designation", "kind", "ags", "slug", "parent__name", "parent__slug"
    )
    if query:
        bodies = bodies.filter(name__icontains=query) | bodies.filter(ags__startswith=query)
    if kind:
        bodies = bodies.filter(kind=kind)
    return bodies.order_by("name", "ags")


def role_assignments_of_body(body: Body) -> QuerySet[RoleAssignment]:
    return (
        RoleAssignment.objects.filter(body=body)
        .select_related("user", "granted_by")
        .order_by("role", "user__last_name", "user__first_name", "user__email")
    )


def role_history_of_body(body: Body) -> QuerySet[Any]:
    return (
        RoleAssignment.history.filter(body_id=body.pk)
        .select_related("history_user", "user")
        .order_by("-history_date", "-history_id")
    )
