"""Registries through which higher apps add to the shell that `core` draws: navigation and dashboard tiles.

A lower app never imports a higher one, so each app registers itself here from its `AppConfig.ready()`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy


@dataclass(frozen=True)
class NavItem:
    """A link in the main navigation of a body. `url_name` is reversed with the body's slug. The pages of its URL
    namespace belong to its area, and so do those of the namespaces in `also_for` (the statistics import belongs
    to „Berichte und Daten“)."""

    label: Any
    url_name: str
    order: int
    visible: Callable[[Any, Any], bool]  # (user, body) -> bool
    also_for: tuple[str, ...] = ()

    def covers(self, namespace: str) -> bool:
        return self.url_name.partition(":")[0] == namespace or namespace in self.also_for


@dataclass(frozen=True)
class Tile:
    """What a tile provider returns for the dashboard: a heading, a short text or figure, and a link."""

    title: Any
    body: Any
    url: str | None = None
    link_text: Any = None
    figure: str | None = None


TileProvider = Callable[[HttpRequest, Any], Tile | None]


@dataclass(frozen=True)
class PublicLink:
    """A link in the footer of every page to a public area of a higher app (e.g. the library of good practice)."""

    label: Any
    url_name: str
    order: int


# The navigation has two rows: the areas of the work, and the pages of the area the visitor is in. A link belongs to
# the area whose `order` range it falls in; an area is named here, or (with one page, like the start page) after
# its page. Each user works mostly in one area: the Geschäftsstelle in the committee work, the KI in the concept and
# the network, the moderators in the participation, the Landesintegrationsrat on the state level.
NAV_AREAS: tuple[tuple[int, Any], ...] = (
    (0, ""),
    (100, gettext_lazy("Committee work")),
    (150, gettext_lazy("Network")),
    (200, gettext_lazy("Concept")),
    (300, gettext_lazy("Participation")),
    (350, ""),
    (400, gettext_lazy("State level")),
    (900, ""),
)


@dataclass(frozen=True)
class NavArea:
    """An area of the navigation: its name and its visible links, in order."""

    name: Any
    items: list[NavItem]

    @property
    def label(self) -> Any:
        """The area's name, or its page's when it has one page for this user (which says more)."""
        return self.items[0].label if len(self.items) == 1 else self.name


_nav_items: list[NavItem] = []
_tile_providers: list[tuple[int, TileProvider]] = []
_public_links: list[PublicLink] = []


def register_nav_item(item: NavItem) -> None:
    if item.url_name not in {existing.url_name for existing in _nav_items}:
        _nav_items.append(item)
        _nav_items.sort(key=lambda nav_item: nav_item.order)


def nav_items_for(user: Any, body: Any) -> list[NavItem]:
    return [item for item in _nav_items if item.visible(user, body)]


def _area_of(item: NavItem) -> tuple[int, Any]:
    return max((area for area in NAV_AREAS if area[0] <= item.order), key=lambda area: area[0])


def nav_areas_for(user: Any, body: Any) -> list[NavArea]:
    """The areas with at least one link this user may see in this body."""
    areas: dict[tuple[int, Any], list[NavItem]] = {}
    for item in nav_items_for(user, body):
        areas.setdefault(_area_of(item), []).append(item)
    return [NavArea(name, items) for (_start, name), items in areas.items()]


def register_tile(order: int) -> Callable[[TileProvider], TileProvider]:
    def decorator(provider: TileProvider) -> TileProvider:
        if provider not in [existing for _, existing in _tile_providers]:
            _tile_providers.append((order, provider))
            _tile_providers.sort(key=lambda pair: pair[0])
        return provider

    return decorator


def tiles_for(request: HttpRequest, body: Any) -> list[Tile]:
    tiles = (provider(request, body) for _, provider in _tile_providers)
    return [tile for tile in tiles if tile is not None]


def register_public_link(link: PublicLink) -> None:
    if link.url_name not in {existing.url_name for existing in _public_links}:
        _public_links.append(link)
        _public_links.sort(key=lambda public_link: public_link.order)


def public_links() -> list[PublicLink]:
    return list(_public_links)
