"""The tile-grid map of NRW: each of the 53 Kreise, kreisfreie Städte and the Städteregion gets one square at a grid
position (row, column), roughly where it lies — Kleve top left, Minden-Lübbecke top right, Aachen and Euskirchen
bottom left, Olpe and Siegen-Wittgenstein bottom right, the Ruhr cities in the middle. No map tiles, no geodata.

The grid is drawn below with the vehicle registration codes (what people in NRW recognise at a glance); `.` is an
empty cell. Rows run north to south, columns west to east.
"""

from __future__ import annotations

from typing import NamedTuple

GRID = """
KLE BOR COE ST  .   .   .   .   MI
.   WES RE  MS  WAF GT  BI  HF  LIP
DU  OB  BOT GE  HER HAM SO  PB  HX
KR  MH  E   BO  DO  UN  HSK .   .
VIE D   ME  W   EN  HA  MK  .   .
HS  MG  NE  LEV SG  RS  GM  OE  .
AC  DN  BM  K   GL  .   .   SI  .
.   EU  .   BN  SU  .   .   .   .
"""

# code: (AGS, short name on the tile)
AREAS: dict[str, tuple[str, str]] = {
    "D": ("05111", "Düsseldorf"),
    "DU": ("05112", "Duisburg"),
    "E": ("05113", "Essen"),
    "KR": ("05114", "Krefeld"),
    "MG": ("05116", "Mönchen\u00adgladbach"),
    "MH": ("05117", "Mülheim"),
    "OB": ("05119", "Oberhausen"),
    "RS": ("05120", "Remscheid"),
    "SG": ("05122", "Solingen"),
    "W": ("05124", "Wuppertal"),
    "KLE": ("05154", "Kleve"),
    "ME": ("05158", "Mettmann"),
    "NE": ("05162", "Rhein-Kreis Neuss"),
    "VIE": ("05166", "Viersen"),
    "WES": ("05170", "Wesel"),
    "BN": ("05314", "Bonn"),
    "K": ("05315", "Köln"),
    "LEV": ("05316", "Leverkusen"),
    "AC": ("05334", "Städte\u00adregion Aachen"),
    "DN": ("05358", "Düren"),
    "BM": ("05362", "Rhein-Erft"),
    "EU": ("05366", "Euskirchen"),
    "HS": ("05370", "Heinsberg"),
    "GM": ("05374", "Oberberg"),
    "GL": ("05378", "Rhein.-Berg."),
    "SU": ("05382", "Rhein-Sieg"),
    "BOT": ("05512", "Bottrop"),
    "GE": ("05513", "Gelsen\u00adkirchen"),
    "MS": ("05515", "Münster"),
    "BOR": ("05554", "Borken"),
    "COE": ("05558", "Coesfeld"),
    "RE": ("05562", "Reckling\u00adhausen"),
    "ST": ("05566", "Steinfurt"),
    "WAF": ("05570", "Warendorf"),
    "BI": ("05711", "Bielefeld"),
    "GT": ("05754", "Gütersloh"),
    "HF": ("05758", "Herford"),
    "HX": ("05762", "Höxter"),
    "LIP": ("05766", "Lippe"),
    "MI": ("05770", "Minden-Lübbecke"),
    "PB": ("05774", "Paderborn"),
    "BO": ("05911", "Bochum"),
    "DO": ("05913", "Dortmund"),
    "HA": ("05914", "Hagen"),
    "HAM": ("05915", "Hamm"),
    "HER": ("05916", "Herne"),
    "EN": ("05954", "Ennepe-Ruhr"),
    "HSK": ("05958", "Hoch\u00adsauerland"),
    "MK": ("05962", "Märkischer Kreis"),
    "OE": ("05966", "Olpe"),
    "SI": ("05970", "Siegen-Witt\u00adgenstein"),
    "SO": ("05974", "Soest"),
    "UN": ("05978", "Unna"),
}


class Tile(NamedTuple):
    code: str
    ags: str
    short_name: str
    row: int
    column: int


def _tiles() -> list[Tile]:
    tiles = []
    for row, line in enumerate(GRID.strip().splitlines(), start=1):
        for column, code in enumerate(line.split(), start=1):
            if code != ".":
                ags, short_name = AREAS[code]
                tiles.append(Tile(code, ags, short_name, row, column))
    return tiles


TILES: list[Tile] = _tiles()
ROWS = max(tile.row for tile in TILES)
COLUMNS = max(tile.column for tile in TILES)
