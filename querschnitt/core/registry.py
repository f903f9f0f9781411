"""Registries through which higher apps add to the shell that `core` draws: navigation and dashboard tiles.

A lower app never imports a higher one, so each app registers itself here from its `AppConfig.ready()`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest


@dataclass(frozen=True)
class NavItem:
    """A link in the main navigation of a body. `url_name` is reversed with the body's slug."""

    label: Any
    url_name: str
    order: int
    visible: Callable[[Any, Any], bool]  # (user, body) -> bool


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


_nav_items: list[NavItem] = []
_tile_providers: list[tuple[int, TileProvider]] = []
_public_links: list[PublicLink] = []


def register_nav_item(item: NavItem) -> None:
    if item.url_name not in {existing.url_name for existing in _nav_items}:
        _nav_items.append(item)
        _nav_items.sort(key=lambda nav_item: nav_item.order)


def nav_items_for(user: Any, body: Any) -> list[NavItem]:
    return [item for item in _nav_items if item.visible(user, body)]


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
