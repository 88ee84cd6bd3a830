"""Geography shipped with the app: state outlines (local topojson), centroids, tile grid."""

from __future__ import annotations

import json
import math
from functools import lru_cache

from analysis.core import paths

TOPOJSON_DIR = paths.STATIC / "topojson"
USA_TOPOJSON = TOPOJSON_DIR / "usa_110m.json"
# Streamlit serves ./static at <base>/app/static/ (server.enableStaticServing).
STATIC_URL_PATH = "app/static/topojson/"

# Equal-size tile grid (column, row), DC included, in the common "NPR"-style layout.
TILE_GRID: dict[str, tuple[int, int]] = {
    "AK": (0, 0),
    "ME": (11, 0),
    "VT": (10, 1),
    "NH": (11, 1),
    "WA": (1, 2),
    "ID": (2, 2),
    "MT": (3, 2),
    "ND": (4, 2),
    "MN": (5, 2),
    "IL": (6, 2),
    "WI": (7, 2),
    "MI": (8, 2),
    "NY": (9, 2),
    "RI": (10, 2),
    "MA": (11, 2),
    "OR": (1, 3),
    "NV": (2, 3),
    "WY": (3, 3),
    "SD": (4, 3),
    "IA": (5, 3),
    "IN": (6, 3),
    "OH": (7, 3),
    "PA": (8, 3),
    "NJ": (9, 3),
    "CT": (10, 3),
    "CA": (1, 4),
    "UT": (2, 4),
    "CO": (3, 4),
    "NE": (4, 4),
    "MO": (5, 4),
    "KY": (6, 4),
    "WV": (7, 4),
    "VA": (8, 4),
    "MD": (9, 4),
    "DE": (10, 4),
    "AZ": (2, 5),
    "NM": (3, 5),
    "KS": (4, 5),
    "AR": (5, 5),
    "TN": (6, 5),
    "NC": (7, 5),
    "SC": (8, 5),
    "DC": (9, 5),
    "OK": (4, 6),
    "LA": (5, 6),
    "MS": (6, 6),
    "AL": (7, 6),
    "GA": (8, 6),
    "HI": (0, 7),
    "TX": (4, 7),
    "FL": (9, 7),
}


def static_url(relative: str, base_url_path: str = "") -> str:
    """URL of a file in ./static (served at <base>/app/static/), honouring server.baseUrlPath."""
    base = base_url_path.strip("/")
    return (f"/{base}" if base else "") + "/app/static/" + relative


def topojson_url(base_url_path: str = "") -> str:
    """The URL prefix plotly should load outline files from, honouring server.baseUrlPath."""
    return static_url(STATIC_URL_PATH.removeprefix("app/static/"), base_url_path)


@lru_cache(maxsize=1)
def _topology() -> dict:
    return json.loads(USA_TOPOJSON.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    """(lon, lat) label point of each state, from the outline file."""
    out = {}
    for g in _topology()["objects"]["subunits"]["geometries"]:
        lon, lat = g["properties"]["ct"]
        out[g["id"]] = (float(lon), float(lat))
    return out


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((round(x * sx + tx, 5), round(y * sy + ty, 5)))
        arcs.append(pts)
    return arcs


def _ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[list[float]]:
    ring: list[tuple[float, float]] = []
    for i in indices:
        pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        ring.extend(pts if not ring else pts[1:])
    return [list(p) for p in ring]


@lru_cache(maxsize=1)
def state_polygons() -> dict[str, list[list[list[float]]]]:
    """Each state's outer rings as [lon, lat] lists (for pydeck), decoded from topojson."""
    topo = _topology()
    arcs = _decode_arcs(topo)
    out: dict[str, list[list[list[float]]]] = {}
    for g in topo["objects"]["subunits"]["geometries"]:
        if g["type"] == "Polygon":
            polys = [g["arcs"]]
        else:
            polys = g["arcs"]
        out[g["id"]] = [_ring(arcs, poly[0]) for poly in polys]
    return out


# --- Albers USA, as plotly.js draws `projection_type="albers usa"` (d3.geoAlbersUsa) -----
# Three conic equal-area projections: the lower 48 states, and Alaska and Hawaii as insets
# (d3-geo's albersUsa: its rotations, centres, parallels, scales and inset offsets).
ALBERS_SCALE = 1070.0
ALBERS_TRANSLATE = (480.0, 250.0)
_ALBERS_PARTS = {
    # part: (rotate lon, centre (lon, lat), parallels, scale factor, inset offset x, y (x k))
    "lower48": (96.0, (-0.6, 38.7), (29.5, 45.5), 1.0, 0.0, 0.0),
    "AK": (154.0, (-2.0, 58.5), (55.0, 65.0), 0.35, -0.307, 0.201),
    "HI": (157.0, (-3.0, 19.9), (8.0, 18.0), 1.0, -0.205, 0.212),
}


def _conic_equal_area(phi0: float, phi1: float):
    sy0 = math.sin(phi0)
    n = (sy0 + math.sin(phi1)) / 2
    c = 1 + sy0 * (2 * n - sy0)
    r0 = math.sqrt(c) / n

    def raw(lam: float, phi: float) -> tuple[float, float]:
        r = math.sqrt(max(c - 2 * n * math.sin(phi), 0.0)) / n
        return r * math.sin(lam * n), r0 - r * math.cos(lam * n)

    return raw


@lru_cache(maxsize=4)
def _albers_part(part: str):
    rot, (clon, clat), (p0, p1), factor, ox, oy = _ALBERS_PARTS[part]
    raw = _conic_equal_area(math.radians(p0), math.radians(p1))
    k = ALBERS_SCALE * factor
    tx = ALBERS_TRANSLATE[0] + ox * ALBERS_SCALE
    ty = ALBERS_TRANSLATE[1] + oy * ALBERS_SCALE
    cx, cy = raw(math.radians(clon), math.radians(clat))

    def project(lon: float, lat: float) -> tuple[float, float]:
        lam = (lon + rot + 180.0) % 360.0 - 180.0  # rotate, then wrap to [-180, 180)
        x, y = raw(math.radians(lam), math.radians(lat))
        return tx + k * (x - cx), ty - k * (y - cy)

    return project


def albers_usa(code: str, lon: float, lat: float) -> tuple[float, float]:
    """A point of state `code` in the map's plane (x right, y down; the lower 48 span about
    0-960 x 0-500), Alaska and Hawaii moved into their insets."""
    return _albers_part(code if code in ("AK", "HI") else "lower48")(lon, lat)


@lru_cache(maxsize=1)
def state_paths() -> dict[str, str]:
    """Each state's outline as an SVG path (`d`, tenths of a pixel, relative moves) in the
    Albers USA plane of albers_usa, decoded once from the shipped outline file."""
    out = {}
    for code, rings in state_polygons().items():
        parts = []
        for ring in rings:
            pts = [albers_usa(code, lon, lat) for lon, lat in ring]
            x0, y0 = round(pts[0][0], 1), round(pts[0][1], 1)
            cmds, px, py = [f"M{x0:g} {y0:g}"], x0, y0
            for x, y in pts[1:]:
                x, y = round(x, 1), round(y, 1)
                dx, dy = round(x - px, 1), round(y - py, 1)
                if dx or dy:
                    cmds.append(f"l{dx:g} {dy:g}")
                    px, py = x, y
            parts.append("".join(cmds) + "z")
        out[code] = "".join(parts)
    return out
