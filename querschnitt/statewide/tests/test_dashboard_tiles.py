"""The tile-grid map: all 53 Kreise, kreisfreie Städte and the Städteregion, each once, at its own cell, roughly where
it lies; every tile names a real body, counts its area's bodies, and links to the table filtered by it."""

import re
from collections import Counter

import pytest
from django.urls import reverse

from querschnitt.statewide import selectors_dashboard as selectors
from querschnitt.statewide.tiles import AREAS, COLUMNS, ROWS, TILES
from querschnitt.tenancy.models import Body, BodyKind, Role

AREA_KINDS = (BodyKind.KREIS, BodyKind.KREISFREIE_STADT, BodyKind.STAEDTEREGION)


def test_53_tiles_each_once_at_a_cell_of_its_own():
    assert len(TILES) == 53
    assert len({tile.ags for tile in TILES}) == 53
    assert len({(tile.row, tile.column) for tile in TILES}) == 53
    assert set(AREAS) == {tile.code for tile in TILES}  # no area left out of the drawn grid
    assert all(1 <= tile.row <= ROWS and 1 <= tile.column <= COLUMNS for tile in TILES)


@pytest.mark.django_db
def test_every_tile_is_a_body_of_the_table_and_every_area_has_a_tile():
    areas = dict(Body.objects.filter(kind__in=AREA_KINDS).values_list("ags", "kind"))
    assert set(areas) == {tile.ags for tile in TILES}
    assert Counter(areas.values()) == {BodyKind.KREIS: 30, BodyKind.KREISFREIE_STADT: 22, BodyKind.STAEDTEREGION: 1}


def test_the_grid_is_roughly_geographic():
    at = {tile.code: (tile.row, tile.column) for tile in TILES}
    assert at["KLE"] == (1, 1)  # Kleve top left
    first_row = [tile for tile in TILES if tile.row == 1]
    assert max(first_row, key=lambda tile: tile.column).code == "MI"  # Minden-Lübbecke top right
    assert at["AC"][1] == 1 and at["AC"][0] >= ROWS - 1  # Aachen bottom left
    assert at["EU"][1] <= 2 and at["EU"][0] == ROWS  # Euskirchen below it
    bottom_half = [tile for tile in TILES if tile.row > ROWS // 2]
    assert max(bottom_half, key=lambda tile: tile.column).code in {"SI", "OE"}  # Siegen-Wittgenstein, Olpe
    assert at["OE"][0] > ROWS // 2 and at["SI"][0] > at["OE"][0] - 1
    # The Ruhr cities in the middle, west to east: Duisburg, Essen, Bochum, Dortmund.
    assert at["DU"][1] < at["E"][1] < at["BO"][1] < at["DO"][1]
    assert all(3 <= at[code][0] <= 5 for code in ("DU", "OB", "E", "BO", "DO", "GE", "HER", "MH"))
    # North above south, west before east, for some well-known pairs.
    assert at["MS"][0] < at["K"][0] and at["BI"][1] > at["D"][1] and at["BN"][0] > at["K"][0]


@pytest.mark.django_db
def test_map_counts_the_bodies_of_each_area_and_those_on_the_platform(make_user):
    neuss, dormagen, cologne = (Body.objects.get(ags=ags) for ags in ("05162024", "05162004", "05315"))
    make_user(neuss, Role.OFFICE)
    make_user(neuss, Role.MEMBER)  # two roles, still one body
    make_user(dormagen, Role.READER)
    make_user(cologne, Role.OFFICE)

    tiles = {tile.code: tile for tile in selectors.map_tiles()}

    assert (tiles["NE"].bodies, tiles["NE"].using, tiles["NE"].level) == (9, 2, "low")  # the Kreis and 8 Gemeinden
    assert (tiles["K"].bodies, tiles["K"].using, tiles["K"].level, tiles["K"].share) == (1, 1, "high", 100)
    assert (tiles["KLE"].using, tiles["KLE"].level) == (0, "none")
    assert sum(tile.bodies for tile in tiles.values()) == 427
    assert [tile.code for tile in selectors.map_tiles()][:2] == ["KLE", "BOR"]  # in the order of the grid


@pytest.mark.django_db
def test_the_page_shows_every_tile_with_its_figure_and_filter_link(client, make_user, state_council):
    client.force_login(make_user(state_council, Role.STATE_STAFF))

    page = client.get(reverse("statewide:overview", kwargs={"body": state_council.slug})).content.decode()

    map_html = page.split('data-testid="karte"')[1].split("</ul>")[0]
    cells = re.findall(r'data-ags="(\d+)" data-row="(\d+)" data-column="(\d+)"', map_html)
    assert len(cells) == 53 and len({(row, column) for _ags, row, column in cells}) == 53
    links = re.findall(r'href="\?kreis=([a-z0-9-]+)#koerperschaften"', map_html)
    assert sorted(links) == sorted(Body.objects.filter(kind__in=AREA_KINDS).values_list("slug", flat=True))
    kleve = map_html.split('data-ags="05154"')[1].split("</li>")[0]
    assert ">0/17<" in kleve and "Kreis Kleve" in kleve  # the Kreis and its 16 Gemeinden, none on the platform yet
    # The table alternative lists all 53 as well.
    table = page.split('id="karte-tabelle"')[1].split("</details>")[0]
    assert "Als Tabelle" in table and table.count('<th scope="row"') == 53
