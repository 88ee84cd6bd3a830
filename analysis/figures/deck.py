"""The 3D view: states raised by maximum order duration, coloured by a chosen field.

Pure (no Streamlit): build_deck() returns a pydeck Deck with its legend, text alternative
and table. The Deck uses an OrbitView over projected coordinates (kilometres, equal-area
conic), not a MapView: Streamlit's deck.gl component adds a CARTO basemap, fetched from
basemaps.cartocdn.com, to any MapView whose map style is empty (map_style=None), and this
app must not request anything from another host. A non-geographic view never gets a
basemap. Alaska and Hawaii are moved next to the lower 48 as insets (Alaska at 35% of its
size), as on the other maps of the app; heights are not scaled.
"""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import pydeck as pdk

from analysis.core import display, geo
from analysis.core.schema import FIELDS, FIELDS_BY_NAME, TRANSMISSION_CODES, code_label
from analysis.figures.style import (
    NOT_STATED_COLOR,
    QUALITATIVE,
    SEQUENTIAL,
    transmission_categories,
)

# Fields a user may colour by: every coded categorical, boolean or numeric field.
COLOUR_FIELDS: tuple[str, ...] = tuple(
    f.name for f in FIELDS if f.coded and f.dtype in ("category", "bool", "float", "int")
)
DEFAULT_FIELD = "violation_offense_level"
HEIGHT_FIELD = "final_order_max_months"

KM_PER_MONTH = 10.0  # extrusion: 60 months = 600 km, about an eighth of the lower 48's width
# Cap not stated or no fixed limit: flat, in a darker neutral grey than the colour field's
# "not stated", so the two read apart even under the deck's lighting.
FLAT_COLOR = "#757575"
FIELD_NOT_STATED_COLOR = NOT_STATED_COLOR  # the colour field is not stated: light grey
NOT_STATED_CODES = ("not_stated", "not_specified")
# Legend keys of the flat states (distinct from the colour classes' keys).
FLAT_LABELS = {
    "flat_no_fixed_limit": "Flat, grey: no fixed limit on the order",
    "flat_not_stated": "Flat, grey: maximum term not stated",
}
TOOLTIP_CELL_CHARS = 320
# The tooltip's markup. Every {name} is filled with a plain-text property of the hovered
# state; Streamlit's deck.gl component HTML-escapes each value as it fills it in.
TOOLTIP_HTML = (
    "<b>{name}</b><br/>"
    "Maximum term: <b>{cap}</b><i>{flat_note}</i><br/>"
    "{field_label}: <b>{value}</b><br/>"
    "<small><i>Duration cell:</i> {cap_before}<mark>{cap_mark}</mark>{cap_after}</small><br/>"
    "<small><i>{val_cell}</i> {val_before}<mark>{val_mark}</mark>{val_after}</small>"
)
# Equal-area conic projections (standard parallels, origin) as in d3's geoAlbersUsa, in km.
_EARTH_KM = 6371.0
_LOWER48 = (29.5, 45.5, 37.5, -96.0)
_ALASKA = (55.0, 65.0, 58.5, -154.0)
_HAWAII = (8.0, 18.0, 19.9, -157.0)
# Where the insets go (km from the lower 48's origin) and how they are scaled.
_INSETS = {"AK": (_ALASKA, 0.35, (-1550.0, -1650.0)), "HI": (_HAWAII, 1.0, (-720.0, -1650.0))}

_HEIGHT_NOTE = (
    "Height shows the **maximum term of a final order**, in proportion; states whose "
    "maximum is not stated, or whose orders have no fixed limit, are drawn **flat, in dark "
    "grey**, never as 0 months. Alaska and Hawaii are moved to the lower left as insets "
    f"(Alaska at {_INSETS['AK'][1]:.0%} of its size; heights are not scaled). "
)
# What the interactive deck and the still picture say above themselves.
READING_NOTE = _HEIGHT_NOTE + (
    "Drag to rotate, scroll to zoom, hover a state for its values and the source's words."
)
PICTURE_NOTE = _HEIGHT_NOTE + (
    "Seen from the south; hover a state for its values, or choose the interactive view to "
    "turn it and read the source's words."
)


def _albers(lon: float, lat: float, params: tuple[float, float, float, float]) -> tuple:
    p1, p2, p0, lon0 = (math.radians(v) for v in params)
    n = (math.sin(p1) + math.sin(p2)) / 2
    c = math.cos(p1) ** 2 + 2 * n * math.sin(p1)
    rho0 = _EARTH_KM * math.sqrt(c - 2 * n * math.sin(p0)) / n
    dlon = (math.radians(lon) - lon0 + math.pi) % (2 * math.pi) - math.pi  # across 180°
    rho = _EARTH_KM * math.sqrt(c - 2 * n * math.sin(math.radians(lat))) / n
    theta = n * dlon
    return rho * math.sin(theta), rho0 - rho * math.cos(theta)


@lru_cache(maxsize=1)
def state_shapes() -> dict[str, tuple[tuple[tuple[float, float], ...], ...]]:
    """Each state's outer rings in projected km, Alaska and Hawaii moved in as insets."""
    out = {}
    for code, rings in geo.state_polygons().items():
        params, scale, (dx, dy) = _INSETS.get(code, (_LOWER48, 1.0, (0.0, 0.0)))
        out[code] = tuple(
            tuple(
                (round(x * scale + dx), round(y * scale + dy))
                for x, y in (_albers(lon, lat, params) for lon, lat in ring)
            )
            for ring in rings
        )
    return out


@dataclass(frozen=True)
class LegendEntry:
    """One swatch of the legend: what it means, its colour, and the states drawn in it."""

    key: str
    label: str
    color: str
    states: tuple[str, ...]
    flat: bool = False

    @property
    def count(self) -> int:
        return len(self.states)


class FrozenDeck(pdk.Deck):
    """A Deck that is never changed once built, so its JSON is computed once.

    Streamlit calls to_json() on every rerun; pydeck's pretty-printed encoding of ~2,000
    outline points takes about 20 ms, most of the page's run time.
    """

    def freeze(self) -> FrozenDeck:
        self._frozen_json = super().to_json()
        return self

    def to_json(self) -> str:
        return getattr(self, "_frozen_json", None) or super().to_json()


@dataclass(frozen=True)
class Deck3D:
    """The deck and everything needed to read it without seeing it."""

    deck: FrozenDeck
    field: str
    legend: tuple[LegendEntry, ...]
    table: pd.DataFrame
    summary: str  # key numbers in a sentence or two: caption and alt text
    picture: str = ""  # the same states as a still picture (inline SVG): picture_svg()


def _is_missing(value: object) -> bool:
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def _rgba(hex_color: str, alpha: int = 235) -> list[int]:
    h = hex_color.lstrip("#")
    return [int(h[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]


def _spread(palette: list[str], n: int) -> list[str]:
    """n colours spread over an ordered palette (ends included)."""
    if n <= 1:
        return palette[len(palette) // 2 : len(palette) // 2 + 1] * n
    return [palette[round(i * (len(palette) - 1) / (n - 1))] for i in range(n)]


def colour_classes(df: pd.DataFrame, field: str) -> tuple[list[str], list[tuple[str, str, str]]]:
    """Each state's colour key, and the classes (key, label, colour) in legend order.

    Codes keep the codebook's order; "not stated" is always last and light grey. Numbers
    get one class per value when there are at most 7, else 5 classes of similar size.
    """
    f = FIELDS_BY_NAME[field]
    values = list(df[field])
    keys: list[str] = []
    classes: list[tuple[str, str, str]] = []
    if f.dtype == "bool":
        cells = list(df[f.source_cell])
        keys = [
            display.bool_code(field, v, cell_empty=not c)
            for v, c in zip(values, cells, strict=True)
        ]
        if "not_stated" not in display.bool_codes(field):
            # The cell's silence reads "Not stated" here: one grey class with the nulls.
            keys = ["not_stated" if k == "no" else k for k in keys]
        shown = [k for k in display.bool_codes(field) if k != "not_stated"]
        if "not_stated" not in display.bool_codes(field):
            shown = ["yes"]
        classes = [(k, display.choice_text(field, k), QUALITATIVE[i]) for i, k in enumerate(shown)]
    elif f.dtype == "category":
        codes = [c for c in f.codes if c not in NOT_STATED_CODES]
        if f.codes == TRANSMISSION_CODES:  # ordered by strictness: a sequential palette
            colours = {c.key: c.color for c in transmission_categories()}
        else:
            colours = dict(zip(codes, QUALITATIVE, strict=False))
        keys = ["not_stated" if _is_missing(v) or v in NOT_STATED_CODES else str(v) for v in values]
        classes = [(c, code_label(c), colours[c]) for c in codes]
    else:
        present = sorted({float(v) for v in values if not _is_missing(v)})
        if len(present) <= 7:
            colours = _spread(SEQUENTIAL, len(present))
            classes = [
                (f"{v:g}", display.quantity(field, v), colours[i]) for i, v in enumerate(present)
            ]
            keys = ["not_stated" if _is_missing(v) else f"{float(v):g}" for v in values]
        else:
            stated = pd.Series([float(v) for v in values if not _is_missing(v)])
            bins = pd.qcut(stated.rank(method="min"), q=5, labels=False, duplicates="drop")
            groups = sorted(set(bins))
            colours = _spread(SEQUENTIAL, len(groups))
            bin_of = {}
            for g, colour in zip(groups, colours, strict=True):
                members = stated[bins == g]
                lo, hi = members.min(), members.max()
                label = (
                    display.quantity(field, lo)
                    if lo == hi
                    else f"{display.quantity(field, lo)} to {display.quantity(field, hi)}"
                )
                classes.append((f"bin{g}", label, colour))
                bin_of.update({v: f"bin{g}" for v in members})
            keys = ["not_stated" if _is_missing(v) else bin_of[float(v)] for v in values]
    classes.append(
        (
            "not_stated",
            code_label("not_specified") if f.codes == TRANSMISSION_CODES else "Not stated",
            FIELD_NOT_STATED_COLOR,
        )
    )
    return keys, classes


def _snippet(cell: str, evidence: str, limit: int = TOOLTIP_CELL_CHARS) -> tuple[str, str, str]:
    """The source cell as plain text (before, evidence, after), cut around the evidence."""
    if not cell:
        return "(empty cell: the source says nothing here)", "", ""
    start = cell.find(evidence) if evidence else -1
    lo, hi = 0, len(cell)
    if len(cell) > limit:
        centre = start + len(evidence) // 2 if start >= 0 else 0
        lo = max(0, min(centre - limit // 2, len(cell) - limit))
        hi = lo + limit
        if start >= 0 and (start < lo or start + len(evidence) > hi):
            lo, hi = start, start + len(evidence)
    shown = cell[lo:hi]
    lead, tail = ("…" if lo > 0 else ""), ("…" if hi < len(cell) else "")
    i = shown.find(evidence) if evidence else -1
    if i < 0:
        return lead + shown + tail, "", ""
    return lead + shown[:i], evidence, shown[i + len(evidence) :] + tail


def build_deck(
    df: pd.DataFrame, evidence: pd.DataFrame, field: str = DEFAULT_FIELD, phone: bool = False
) -> Deck3D:
    """States raised by their maximum final-order term, coloured by `field`; with `phone`,
    framed for a screen about 360 px wide (initial_view).

    A state with no fixed limit or no stated maximum is drawn flat in grey, whatever its
    colour value; the legend, the summary and the table say so.
    """
    if field not in COLOUR_FIELDS:
        raise ValueError(f"cannot colour by {field!r}")
    f = FIELDS_BY_NAME[field]
    ev = {
        (r["state_code"], r["field"]): r
        for r in evidence[evidence["field"].isin([HEIGHT_FIELD, field])].to_dict("records")
    }
    keys, classes = colour_classes(df, field)
    colour_of = {k: c for k, _, c in classes}
    label_of = {k: lbl for k, lbl, _ in classes}
    shapes = state_shapes()

    records, rows = [], []
    members: dict[str, list[str]] = {k: [] for k, _, _ in classes} | {k: [] for k in FLAT_LABELS}
    for (_, r), key in zip(df.iterrows(), keys, strict=True):
        code = r["state_code"]
        status = r["final_order_duration_status"]
        months = r[HEIGHT_FIELD]
        raised = status == "fixed" and not _is_missing(months)
        flat_key = (
            ""
            if raised
            else ("flat_no_fixed_limit" if status == "no_fixed_limit" else "flat_not_stated")
        )
        members[flat_key or key].append(code)
        colour = colour_of[key] if raised else FLAT_COLOR
        row = r.to_dict()
        cap = display.value_text(HEIGHT_FIELD, row)
        value = display.value_text(field, row)
        cap_ev = ev.get((code, HEIGHT_FIELD), {})
        val_ev = ev.get((code, field), {})
        drawn = (
            f"Raised: {cap}"
            if raised
            else f"Flat: {'no fixed limit' if status == 'no_fixed_limit' else 'not stated'}"
        )
        cap_before, cap_mark, cap_after = _snippet(
            cap_ev.get("cell_text", ""), cap_ev.get("evidence", "")
        )
        if f.source_cell == "duration_text":
            val_cell, val_before, val_mark, val_after = "", "", "", ""
        else:
            val_cell = f"{f.label}, source cell:"
            val_before, val_mark, val_after = _snippet(
                val_ev.get("cell_text", ""), val_ev.get("evidence", "")
            )
        # Plain text only: the template holds all markup and Streamlit's deck.gl component
        # HTML-escapes every value it puts into it, so source text can never become markup.
        tip = {
            "name": f"{r['state_name']} ({code})",
            "cap": cap,
            "flat_note": "" if raised else " (drawn flat, grey)",
            "field_label": f.label,
            "value": value,
            "cap_before": cap_before,
            "cap_mark": cap_mark,
            "cap_after": cap_after,
            "val_cell": val_cell,
            "val_before": val_before,
            "val_mark": val_mark,
            "val_after": val_after,
        }
        for ring in shapes.get(code, ()):
            records.append(
                {
                    "state_code": code,
                    "state_name": r["state_name"],
                    "polygon": [list(p) for p in ring],
                    "elevation": float(months) * KM_PER_MONTH if raised else 0.0,
                    "fill": _rgba(colour),
                    **tip,
                }
            )
        rows.append(
            {
                "State": r["state_name"],
                "Code": code,
                "Maximum term": cap,
                "Drawn as": drawn,
                f"Colour: {f.label}": value,
                "Duration evidence": cap_ev.get("evidence") or "(cell silent)",
                f"{f.label} evidence": val_ev.get("evidence") or "(cell silent)",
            }
        )

    legend = [LegendEntry(k, label_of[k], colour_of[k], tuple(members[k])) for k, _, _ in classes]
    legend += [
        LegendEntry(k, lbl, FLAT_COLOR, tuple(members[k]), flat=True)
        for k, lbl in FLAT_LABELS.items()
    ]
    table = pd.DataFrame(rows)
    summary = _summary(df, f.label, legend)

    layer = pdk.Layer(
        "PolygonLayer",
        records,
        id="states",
        get_polygon="polygon",
        get_elevation="elevation",
        get_fill_color="fill",
        get_line_color=[255, 255, 255, 200],
        extruded=True,
        wireframe=True,
        pickable=True,
        auto_highlight=True,
        highlight_color=[255, 191, 71, 200],
    )
    deck = FrozenDeck(
        layers=[layer],
        views=[pdk.View(type="OrbitView", controller=True)],
        initial_view_state=initial_view(phone),
        map_provider=None,
        map_style=None,
        tooltip={
            "html": TOOLTIP_HTML,
            # Centred under the pointer (the CSS translate property adds to deck.gl's own
            # transform), so states near either edge keep their tooltip inside the chart.
            "style": {
                "maxWidth": "300px",
                "whiteSpace": "normal",
                "fontSize": "13px",
                "lineHeight": "1.35",
                "backgroundColor": "#222",
                "color": "#fff",
                "translate": "-50% 18px",
            },
        },
    )
    picture = picture_svg(records, summary)
    return Deck3D(deck.freeze(), field, tuple(legend), table, summary, picture)


# The still picture looks at the states as the deck first does: from the south, tilted by
# initial_view's rotation_x (45 degrees), so a height h rises h * sin(45°) on the screen.
PICTURE_TILT_DEGREES = 45.0
WALL_SHADE = 0.7  # the sides of a raised state: its colour, darker by this factor


def _shade(rgba: list[int], factor: float) -> str:
    return "#" + "".join(f"{round(v * factor):02x}" for v in rgba[:3])


def picture_svg(records: list[dict], summary: str) -> str:
    """The deck's states as a still inline SVG: the same outlines, heights and colours,
    seen from the deck's first viewpoint, with each state's values as its hover title.

    No WebGL and no script: the 3D page shows it by default (drawing the interactive deck
    costs a computer without a graphics card about half a second of blocked page; see the
    README's Performance). States are painted from north to south, so nearer (southern)
    ones cover the walls of those behind them; only the walls that face the viewer are drawn.
    """
    tilt = math.radians(PICTURE_TILT_DEGREES)
    cos_t, sin_t = math.cos(tilt), math.sin(tilt)

    def screen(x: float, y: float, z: float) -> tuple[int, int]:
        return round(x), round(-(y * cos_t) - z * sin_t)

    xs, ys, groups = [], [], []
    for rec in sorted(records, key=lambda r: -min(y for _, y in r["polygon"])):
        ring = [tuple(p) for p in rec["polygon"]]
        if ring[0] == ring[-1]:
            ring = ring[:-1]
        h = rec["elevation"]
        top = [screen(x, y, h) for x, y in ring]
        area = sum(
            x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
        )
        walls = []
        if h > 0:
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
                # Facing the viewer (south) when its outward normal points to -y.
                if (x1 - x0) * area > 0:
                    a, b = screen(x0, y0, 0), screen(x1, y1, 0)
                    c, d = screen(x1, y1, h), screen(x0, y0, h)
                    walls.append(f"M{a[0]} {a[1]}L{b[0]} {b[1]}L{c[0]} {c[1]}L{d[0]} {d[1]}Z")
        base = [screen(x, y, 0) for x, y in ring]
        for px, py in top + base:
            xs.append(px)
            ys.append(py)
        title = (
            f"{rec['state_name']} ({rec['state_code']}): maximum term {rec['cap']}"
            f"{rec['flat_note']}; {rec['field_label']}: {rec['value']}"
        )
        parts = [f"<title>{html.escape(title)}</title>"]
        if walls:
            wall = _shade(rec["fill"], WALL_SHADE)  # edged in its own colour: no seams
            parts.append(f'<path fill="{wall}" stroke="{wall}" d="{"".join(walls)}"/>')
        points = "L".join(f"{x} {y}" for x, y in top)
        parts.append(f'<path fill="{_shade(rec["fill"], 1.0)}" d="M{points}Z"/>')
        groups.append(f'<g data-state="{rec["state_code"]}">{"".join(parts)}</g>')
    pad = 20
    x0, y0 = min(xs) - pad, min(ys) - pad
    width, height = max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
    return (
        f'<svg class="po-3d-picture" role="img" aria-label="{html.escape(summary)}" '
        f'viewBox="{x0} {y0} {width} {height}" xmlns="http://www.w3.org/2000/svg" '
        'style="width:100%;height:auto;max-height:560px;display:block">'
        # Outlines about 0.7 px wide where the picture is drawn about 900 px wide (the
        # units are km: a fixed width in units would vanish when the picture is scaled).
        f'<g stroke="#ffffff" stroke-width="{width / 1300:.1f}" stroke-linejoin="round">'
        + "".join(groups)
        + "</g></svg>"
    )


# deck.gl's orbit zoom is a power of two of the scale (pixels per unit of state_shapes):
# the shapes, 4,600 units wide, are 790 px wide at -2.55 (a desktop view) and 290 px at
# -4.0, inside a phone's 358 px chart with room for the tilt.
DESKTOP_ZOOM = -2.55
PHONE_ZOOM = -4.0


def initial_view(phone: bool = False) -> pdk.ViewState:
    """Looking north at the lower 48, tilted so the heights read; the whole country in view
    on a desktop or (with `phone`) on a phone."""
    xs = [x for rings in state_shapes().values() for ring in rings for x, _ in ring]
    ys = [y for rings in state_shapes().values() for ring in rings for _, y in ring]
    target = [round((min(xs) + max(xs)) / 2), round((min(ys) + max(ys)) / 2) - 500, 0]
    return pdk.ViewState(
        target=target,
        rotation_x=45,
        rotation_orbit=0,
        zoom=PHONE_ZOOM if phone else DESKTOP_ZOOM,
        min_zoom=-5,
        max_zoom=1,
    )


def _summary(df: pd.DataFrame, field_label: str, legend: list[LegendEntry]) -> str:
    fixed = df[(df["final_order_duration_status"] == "fixed") & df[HEIGHT_FIELD].notna()]
    parts = []
    if len(fixed):
        lo, hi = fixed[HEIGHT_FIELD].min(), fixed[HEIGHT_FIELD].max()
        low = ", ".join(fixed.loc[fixed[HEIGHT_FIELD] == lo, "state_code"])
        high = ", ".join(fixed.loc[fixed[HEIGHT_FIELD] == hi, "state_code"])
        parts.append(
            f"{len(fixed)} jurisdictions state a maximum term and are raised in proportion to "
            f"it, from {display.quantity(HEIGHT_FIELD, lo)} ({low}) to "
            f"{display.quantity(HEIGHT_FIELD, hi)} "
            f"({high})."
        )
    flat = [e for e in legend if e.flat]
    parts.append(
        "Drawn flat in grey (never as 0 months): "
        + "; ".join(
            f"{e.label.split(': ', 1)[1]}: {e.count}"
            + (f" ({', '.join(e.states)})" if e.states else "")
            for e in flat
        )
        + "."
    )
    colour = [e for e in legend if not e.flat]
    parts.append(
        f"Colour of the raised states: {field_label}: "
        + "; ".join(f"{e.label} {e.count}" for e in colour)
        + "."
    )
    return " ".join(parts)


def deck_spec(deck: pdk.Deck) -> dict:
    """The deck as the JSON object Streamlit sends to the browser."""
    return json.loads(deck.to_json())


def field_label(field: str) -> str:
    f = FIELDS_BY_NAME[field]
    return f"{f.group}: {f.label}"


def legend_html(legend: tuple[LegendEntry, ...], field: str) -> str:
    """The legend as a row of swatches (labels escaped); flat entries marked as such."""
    f = FIELDS_BY_NAME[field]
    items = []
    for e in legend:
        border = "1px dashed #333" if e.flat else "1px solid #888"
        items.append(
            "<span role='listitem' style='display:inline-flex;align-items:center;gap:.35rem;"
            "margin:.15rem 1rem .15rem 0;font-size:.9rem'>"
            f"<span style='display:inline-block;width:1rem;height:1rem;flex:none;"
            f"background:{e.color};border:{border}'></span>"
            f"{html.escape(e.label)} ({e.count})</span>"
        )
    return (
        f"<div role='list' aria-label='Legend: colour shows {html.escape(f.label)}'>"
        f"<b>Colour: {html.escape(f.label)}</b><br/>" + "".join(items) + "</div>"
    )
