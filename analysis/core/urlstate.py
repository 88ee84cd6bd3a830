"""Page selections <-> URL query parameters, validated. Pure; no Streamlit.

Every page declares its parameters (named as the codebook's fields where they are
fields). parse() never raises: unknown or malformed parameters are dropped and reported
as notices, which never echo raw user text (only a safe, shortened form).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from analysis.core.schema import STATE_NAMES

MAX_LEN = 200  # longest value we look at
# Streamlit's own parameters (embedding): accepted silently on every page.
RESERVED = frozenset({"embed", "embed_options"})
_SAFE = re.compile(r"[^A-Za-z0-9_,.\- ]")


def safe_echo(text: object, limit: int = 40) -> str:
    """A user-supplied string reduced to harmless characters, for a notice."""
    s = _SAFE.sub("", str(text))[:limit]
    return s if s else "(unprintable)"


@dataclass(frozen=True)
class Param:
    """One query parameter of a page."""

    name: str
    kind: str  # state | states | choice | choices | range | bool | text | int
    choices: tuple[str, ...] = ()
    default: object = None
    bounds: tuple[float, float] | None = None
    max_items: int = 51


@dataclass
class Parsed:
    values: dict[str, object] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def _first(value: str | Sequence[str]) -> str:
    if isinstance(value, str):
        return value
    return value[-1] if value else ""


def _parse_one(p: Param, raw: str) -> object:
    """The parameter's value, or raise ValueError with a short reason."""
    raw = raw.strip()
    if len(raw) > MAX_LEN:
        raise ValueError("too long")
    if p.kind == "state":
        code = raw.upper()
        if code not in STATE_NAMES:
            raise ValueError("not a state code")
        return code
    if p.kind == "states":
        codes = [c.strip().upper() for c in raw.split(",") if c.strip()]
        bad = [c for c in codes if c not in STATE_NAMES]
        if bad or not codes:
            raise ValueError("not a list of state codes")
        out = list(dict.fromkeys(codes))
        if len(out) > p.max_items:
            raise ValueError(f"more than {p.max_items} states")
        return out
    if p.kind == "choice":
        if raw not in p.choices:
            raise ValueError("not one of the options")
        return raw
    if p.kind == "choices":
        items = [c for c in raw.split(",") if c]
        if not items or any(c not in p.choices for c in items):
            raise ValueError("not a list of the options")
        return list(dict.fromkeys(items))
    if p.kind == "bool":
        if raw.lower() in ("1", "true", "yes"):
            return True
        if raw.lower() in ("0", "false", "no"):
            return False
        raise ValueError("not true/false")
    if p.kind == "int":
        if not re.fullmatch(r"-?\d{1,6}", raw):
            raise ValueError("not a whole number")
        n = int(raw)
        if p.bounds and not (p.bounds[0] <= n <= p.bounds[1]):
            raise ValueError("out of range")
        return n
    if p.kind == "range":
        parts = raw.split("-") if raw.count("-") == 1 else raw.split("..")
        if len(parts) != 2:
            raise ValueError("not a range like 12-36")
        try:
            lo, hi = float(parts[0]), float(parts[1])
        except ValueError as exc:
            raise ValueError("not a range like 12-36") from exc
        if not (math.isfinite(lo) and math.isfinite(hi)) or lo > hi:
            raise ValueError("not a valid range")
        if p.bounds and (lo < p.bounds[0] or hi > p.bounds[1]):
            raise ValueError("out of range")
        return (lo, hi)
    if p.kind == "text":
        return raw[:100]
    raise ValueError("unknown kind")


def parse(query: Mapping[str, str | Sequence[str]], params: Sequence[Param]) -> Parsed:
    """Validated values for the page's parameters, and notices for what was ignored."""
    spec = {p.name: p for p in params}
    out = Parsed({p.name: p.default for p in params})
    try:
        items = list(query.items())
    except Exception:  # noqa: BLE001 - a hostile mapping must not break the page
        return out
    unknown = []
    for key, value in items[:100]:
        p = spec.get(str(key))
        if p is None:
            if str(key) not in RESERVED:
                unknown.append(safe_echo(key, 24))
            continue
        try:
            out.values[p.name] = _parse_one(p, _first(value))
        except (ValueError, TypeError) as exc:
            out.notices.append(f"Ignored the link's '{p.name}' value ({exc}).")
    if unknown:
        shown = ", ".join(sorted(set(unknown))[:5])
        more = "" if len(set(unknown)) <= 5 else f" and {len(set(unknown)) - 5} more"
        out.notices.append(f"Ignored unknown link parameter(s): {shown}{more}.")
    return out


def encode(values: Mapping[str, object], params: Sequence[Param]) -> dict[str, str]:
    """Query parameters for the current selections (defaults are left out)."""
    out: dict[str, str] = {}
    for p in params:
        v = values.get(p.name)
        if v is None or v == p.default or v == [] or v == "":
            continue
        if p.kind in ("states", "choices"):
            out[p.name] = ",".join(str(x) for x in v)  # type: ignore[union-attr]
        elif p.kind == "range":
            lo, hi = v  # type: ignore[misc]
            out[p.name] = f"{lo:g}-{hi:g}"
        elif p.kind == "bool":
            out[p.name] = "true" if v else "false"
        else:
            out[p.name] = str(v)
    return out
