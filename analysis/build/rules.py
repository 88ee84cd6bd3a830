"""Source cells -> coded values, each with the exact substring that supports it.

Every function here takes the text of one cell and returns a Coded value. They never
raise on arbitrary text (property-tested). Values no rule settles are hand-reviewed in
data/reviewed/reviewed_values.csv (see analysis.build.reviewed), which override these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from analysis.core.units import (
    NUM,
    QTY,
    QTY_RE,
    UNIT,
    number,
    qty,
    to_days,
    to_jail_days,
    to_months,
)

# ---------------------------------------------------------------------------------------
# Values with evidence


@dataclass(frozen=True)
class Coded:
    """A coded value, the exact cell substring supporting it, and the rule that decided it."""

    value: Any
    evidence: str = ""
    rule: str = ""


def _m(match: re.Match[str] | None) -> str:
    return match.group(0).strip(" ,;") if match else ""


def _find(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    return pattern.search(text)


# ---------------------------------------------------------------------------------------
# Duration cell

_LABEL_RE = re.compile(
    r"(?i)(?<![a-z])("
    r"(?:ex parte|emergency|temporary|interim|general|plenary|final|full|extended|support)"
    r"(?:\s+(?:temporary|restraining|protective))*(?:\s+(?:order|payments))?"
    r"|protective order|injunction|others|civil provisions|during dissolution|maximum"
    r"|restraining order to protect minors"
    r")\s*:"
)
_EMERGENCY_LABEL = re.compile(r"(?i)^(ex parte|emergency|temporary|interim)")
_SUPPORT_LABEL = re.compile(r"(?i)^support")
_EXTENSION_TAIL = re.compile(
    r"(?i)\b(?:extended|renewed|reissued|reissues|extensions?|reapply|additional)\b[^.;]*"
)
_AGGRAVATED_RE = re.compile(
    rf"(?i)(?:or\s+)?{QTY}\s*(?:if|when|for)\s+(?:aggravated|previous|prior)[^.;§]*"
)
_MAX_RE = re.compile(
    rf"(?i)(?:(?P<pre>maximum:?|max\.?|up to|not to exceed|not more than|no more than)\s*)?"
    rf"{QTY}(?P<post>\s*(?:maximum|max\b))?"
)


def _search_max(text: str) -> re.Match[str] | None:
    """The first quantity stated as a maximum ("maximum 2 years", "3 year maximum")."""
    for m in _MAX_RE.finditer(text):
        if m.group("pre") or m.group("post"):
            return m
    return None


_RANGE_RE = re.compile(
    rf"(?i)(?:min(?:imum|\.)?\s*)?(?P<lo>{NUM})\s*(?P<lu>{UNIT})?\s*(?:-|to|or)\s*{QTY}"
)
_MIN_RE = re.compile(rf"(?i)(?:minimum|min\.)\s*{QTY}")
_ORDINAL_DAY_RE = re.compile(
    r"(?i)(?P<n>\d+)(?:st|nd|rd|th)\s+(?:business\s+|calendar\s+)?day"
    r"|(?P<next>next|first)\s+(?:business\s+|judicial\s+)?day"
)
_NO_LIMIT_RE = re.compile(r"(?i)until further order of court|until further order")
_INDEFINITE_RE = re.compile(
    r"(?i)permanent(?:ly)?|indefinite(?:ly)?|until further order(?: of court)?"
)
_EXTENDABLE_RE = re.compile(
    r"(?i)\b(?:may|can|could)\s+be\s+(?:extended|renewed|reissued)[^.;]*"
    r"|\bunless\s+(?:extended|renewed)\b|\b(?:all orders can be extended)"
    r"|\bextensions?\s+up\s+to[^.;]*|\bmay\s+extend\s+order|\bcourt\s+may\s+extend[^.;]*"
    r"|\buntil\s+modified\s+or\s+extended|\bextended\s+indefinitely"
)


@dataclass(frozen=True)
class Clause:
    label: str  # "" when unlabelled
    kind: str  # final | emergency | support
    text: str  # the clause body, exact substring of the cell


def duration_clauses(text: str) -> list[Clause]:
    """Split a duration cell at its order-type labels ("Emergency:", "General:", ...)."""
    marks = list(_LABEL_RE.finditer(text))
    clauses: list[Clause] = []
    if not marks:
        return [Clause("", "final", text)] if text.strip() else []
    head = text[: marks[0].start()]
    if head.strip(" .;"):
        clauses.append(Clause("", "final", head))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        label = m.group(1)
        body = text[m.end() : end]
        if _EMERGENCY_LABEL.match(label):
            kind = "emergency"
        elif _SUPPORT_LABEL.match(label):
            kind = "support"
        else:
            kind = "final"
        clauses.append(Clause(label, kind, body))
    return clauses


def _without(pattern: re.Pattern[str], text: str) -> str:
    """Blank out matches (keeping offsets) so later searches ignore them."""
    return pattern.sub(lambda m: " " * len(m.group(0)), text)


def _core(text: str) -> str:
    """A clause with extension and aggravated-case phrases blanked out."""
    return _without(_AGGRAVATED_RE, _without(_EXTENSION_TAIL, text))


def _first_max(body: str) -> tuple[float, str, str] | None:
    """(n, unit, evidence) of the first stated maximum in a clause, then a range, then a bare term."""
    core = _core(body)
    m = _search_max(core)
    if m:
        q = qty(m)
        if q:
            return q[0], q[1], body[m.start() : m.end()]
    r = _RANGE_RE.search(core)
    if r:
        q = qty(r)
        if q:
            return q[0], q[1], body[r.start() : r.end()]
    for b in QTY_RE.finditer(core):
        before = core[max(0, b.start() - 10) : b.start()].lower()
        if "min" in before:
            continue
        q = qty(b)
        if q:
            return q[0], q[1], body[b.start() : b.end()]
    return None


def final_order_max_months(text: str) -> Coded:
    for clause in duration_clauses(text):
        if clause.kind != "final":
            continue
        if _NO_LIMIT_RE.search(clause.text):
            return Coded(None, "", "no fixed limit")
        found = _first_max(clause.text)
        if found:
            n, unit, ev = found
            return Coded(to_months(n, unit), ev.strip(" ,;."), "first stated maximum")
    return Coded(None, "", "no final-order maximum")


def final_order_duration_status(text: str) -> Coded:
    if not text.strip():
        return Coded("not_stated", "", "empty cell")
    for clause in duration_clauses(text):
        if clause.kind != "final":
            continue
        m = _NO_LIMIT_RE.search(clause.text)
        if m:
            return Coded("no_fixed_limit", _m(m), "until further order of court")
        found = _first_max(clause.text)
        if found:
            return Coded("fixed", found[2].strip(" ,;."), "a maximum is stated")
        mn = _MIN_RE.search(clause.text)
        if mn:
            return Coded("not_stated", _m(mn), "only a minimum")
    emergency = [c for c in duration_clauses(text) if c.kind == "emergency"]
    if emergency:
        label_at = text.find(emergency[0].label)
        ev = text[label_at : label_at + len(emergency[0].label) + 1 + len(emergency[0].text)]
        return Coded("not_stated", ev.strip(" ,;."), "only emergency or temporary orders")
    return Coded("not_stated", "", "no final-order maximum")


def final_order_min_months(text: str) -> Coded:
    for clause in duration_clauses(text):
        if clause.kind != "final":
            continue
        core = _core(clause.text)
        m = _MIN_RE.search(core)
        if m:
            q = qty(m)
            if q:
                return Coded(to_months(*q), clause.text[m.start() : m.end()], "minimum")
        r = _RANGE_RE.search(core)
        if r and _search_max(core) is None:
            lo = number(r.group("lo"))
            unit = r.group("lu") or r.group("u")
            if lo is not None:
                ev = clause.text[r.start() : r.end()]
                return Coded(to_months(lo, unit), ev, "lower end of a range")
    return Coded(None, "", "no minimum stated")


def final_order_max_months_aggravated(text: str) -> Coded:
    m = _AGGRAVATED_RE.search(text)
    if m:
        q = qty(m)
        if q:
            return Coded(to_months(*q), _m(m), "longer cap if aggravated or prior violation")
    return Coded(None, "", "no aggravated cap")


def indefinite_order_possible(text: str) -> Coded:
    m = _INDEFINITE_RE.search(text)
    return Coded(bool(m), _m(m), "permanent / indefinite / until further order")


def final_order_extendable(text: str) -> Coded:
    for clause in duration_clauses(text):
        if clause.kind != "final":
            continue
        m = _EXTENDABLE_RE.search(clause.text)
        if m:
            return Coded(True, _m(m).strip("."), "may be extended, renewed or reissued")
    return Coded(None, "", "silent on extending the final order")


def emergency_order_max_days(text: str) -> Coded:
    best: tuple[float, str] | None = None
    for clause in duration_clauses(text):
        if clause.kind != "emergency":
            continue
        core = _core(clause.text)
        found: list[tuple[float, str]] = []
        for r in _RANGE_RE.finditer(core):
            q = qty(r)
            if q:
                found.append((to_days(*q), clause.text[r.start() : r.end()]))
        for b in QTY_RE.finditer(core):
            q = qty(b)
            if q and "min" not in core[max(0, b.start() - 10) : b.start()].lower():
                found.append((to_days(*q), clause.text[b.start() : b.end()]))
        if not found:
            o = _ORDINAL_DAY_RE.search(core)
            if o:
                n = 1.0 if o.group("next") else float(o.group("n"))
                found.append((n, clause.text[o.start() : o.end()]))
        for days, ev in found:
            if best is None or days > best[0]:
                best = (days, ev)
    if best is None:
        return Coded(None, "", "no emergency-order term")
    return Coded(best[0], best[1].strip(" ,;."), "longest emergency/temporary term")


# ---------------------------------------------------------------------------------------
# Penalty cell

_AGGRAVATION_RE = re.compile(
    r"(?i)\bif\s+(?:2nd|second|3rd|third|subsequent|family violence|causes|"
    r"violating order concerning|assault|reckless|at least|retaliation|minor child convicted|"
    r"contempt of court)"
    r"|;\s*with physical injury"
    r"|\b(?:2nd|second|3rd|third|4th)\s+(?:or subsequent|conviction|offense|subsequent)"
    r"|\bsubsequent conviction|\bunless (?:prior|convicted)|\bviolation (?:with|concurrent)"
    r"|\bgross misdemeanor if"
)
_MISDEMEANOR_RE = re.compile(
    r"(?i)(?:gross\s+)?(?:class\s+\w+\s+(?:person\s+)?|\w+\s+degree\s+)?misdemeanor"
    r"(?:\s+in\s+\w+\s+degree)?"
)
_FELONY_RE = re.compile(r"(?i)(?:class\s+\w+\s+|\w+\s+degree\s+)?felony")
_CRIME_RE = re.compile(
    r"(?i)class\s+\w\s+crime|crime\s+in\s+\w+\s+degree|\bcrime\b[^.;]*|"
    r"criminal trespass|prosecution"
)
_CONTEMPT_RE = re.compile(
    r"(?i)(?:(?:civil|criminal|indirect criminal)(?: or criminal)?\s+)?"
    r"contempt(?: of court)?"
)
_SANCTION_RE = re.compile(r"(?i)\b(?:jail|imprisonment|prison|fine|confinement)\b|\$\d")
_JAIL_WORD = r"(?:jailed(?:\s+for)?|jail|imprisonment|prison|incarceration)"
_JAIL_AFTER_RE = re.compile(
    rf"(?i){_JAIL_WORD}[,:]?\s*(?:(?:maximum|up to|not to exceed|of)\s*)?{QTY}"
)
_JAIL_MIN_MAX_RE = re.compile(
    rf"(?i){_JAIL_WORD},?\s+minimum\s+{NUM}\s*{UNIT}\s+and\s+maximum\s+{QTY}"
)
_JAIL_BEFORE_RE = re.compile(
    rf"(?i)(?:(?:maximum|up to)\s+(?:penalty\s+(?:up to\s+)?)?)?{QTY}\s+(?:in\s+)?{_JAIL_WORD}"
)
_MONEY = r"\$(?P<amt>\d{1,3}(?:,\d{3})+|\d+)(?:\s*-\s*\$?(?P<hi>\d{1,3}(?:,\d{3})+|\d+))?"
_MONEY_RE = re.compile(_MONEY)
_MIN_BEFORE_MONEY = re.compile(r"(?i)(?:minimum|min\.|at least|no less than|not less than)\s*$")


def basic_violation_text(text: str) -> str:
    """The part of a penalty cell before the first aggravated or repeat-offence clause."""
    m = _AGGRAVATION_RE.search(text)
    return text[: m.start()] if m else text


def violation_offense_level(text: str) -> Coded:
    if not text.strip():
        return Coded("not_stated", "", "empty cell")
    basic = basic_violation_text(text)
    m = _MISDEMEANOR_RE.search(basic)
    if m and "gross misdemeanor if" not in basic.lower():
        return Coded("misdemeanor", _m(m), "misdemeanor named for a basic violation")
    m = _FELONY_RE.search(basic)
    if m:
        return Coded("felony", _m(m), "felony named for a basic violation")
    m = _CRIME_RE.search(basic)
    if m:
        return Coded("crime_unclassified", _m(m), "a crime with no misdemeanor/felony class")
    c = _CONTEMPT_RE.search(basic)
    if c and not _SANCTION_RE.search(basic[: c.start()]):
        return Coded("contempt", _m(c), "contempt is the only sanction named")
    s = _SANCTION_RE.search(basic)
    if s:
        ev = basic[: basic.find(";")] if ";" in basic else basic
        return Coded("crime_unclassified", ev.strip(" .;"), "jail or fine with no class")
    return Coded("not_stated", "", "no classification stated")


def violation_max_jail_days(text: str) -> Coded:
    basic = basic_violation_text(text)
    for pattern in (_JAIL_MIN_MAX_RE, _JAIL_AFTER_RE, _JAIL_BEFORE_RE):
        for m in pattern.finditer(basic):
            before = basic[max(0, m.start() - 22) : m.start()].lower()
            if "minimum" in before and "maximum" not in m.group(0).lower():
                continue
            if re.search(r"(?i)minimum\s*$", basic[: m.start()]):
                continue
            q = qty(m)
            if q:
                return Coded(to_jail_days(*q), _m(m), "maximum jail for a basic violation")
    return Coded(None, "", "no maximum jail term for a basic violation")


def violation_max_fine_usd(text: str) -> Coded:
    basic = basic_violation_text(text)
    if re.search(r"(?i)income", basic):
        m = re.search(r"(?i)fine[^;.]*income", basic)
        return Coded(None, _m(m), "income-dependent fine")
    best: tuple[int, str] | None = None
    for m in _MONEY_RE.finditer(basic):
        if _MIN_BEFORE_MONEY.search(basic[max(0, m.start() - 16) : m.start()]) and not m.group(
            "hi"
        ):
            continue
        amount = int((m.group("hi") or m.group("amt")).replace(",", ""))
        if best is None or amount > best[0]:
            # Evidence: the amount with the words before it, back to the clause start.
            floor = max(0, m.start() - 40)
            cut = max(basic.rfind(d, floor, m.start()) for d in (",", ";", ":", ". "))
            start = cut + 1 if cut >= 0 else basic.find(" ", floor) + 1 if floor else 0
            ev = basic[start : m.end()].strip(" ,;:")
            best = (amount, ev if ev else m.group(0))
    if best is None:
        return Coded(None, "", "no maximum fine for a basic violation")
    return Coded(best[0], best[1], "largest fine for a basic violation")


_MANDATORY_RE = re.compile(
    rf"(?i)mandatory minimum[^;,.]*|unsuspended[^;,.]*|can'?t be suspended|may not be suspended"
    rf"|no suspension(?: of term)?|{_JAIL_WORD},?\s+minimum[^;,.]*"
    rf"|minimum\s+(?:of\s+)?{NUM}\s*{UNIT}[^;.]{{0,30}}?{_JAIL_WORD}"
    rf"|at least\s+{NUM}\s*{UNIT}\s+{_JAIL_WORD}"
)
_GUIDELINE_RE = re.compile(r"(?i)encouraged|guidelines?")


def mandatory_min_jail(text: str) -> Coded:
    g = _GUIDELINE_RE.search(text)
    scope = text[: g.start()] if g else text
    m = _MANDATORY_RE.search(scope)
    if m:
        return Coded(True, _m(m), "a required minimum jail term")
    return Coded(False, "", "no required minimum jail term")


_REPEAT_RE = re.compile(
    r"(?i)\b(?:2nd|second|3rd|third|4th)\b(?!\s+degree)|subsequent|prior|repeat"
    r"|convicted of same|within \d+ years"
)


def repeat_violation_felony(text: str) -> Coded:
    for clause in re.split(r";|\.\s", text):
        if re.search(r"(?i)\bfelony\b", clause) and _REPEAT_RE.search(clause):
            return Coded(True, clause.strip(" .;"), "repeat violation is a felony")
    return Coded(False, "", "no felony for a repeat violation")


# ---------------------------------------------------------------------------------------
# Who may apply

_WHO_PATTERNS: dict[str, re.Pattern[str]] = {
    "petitioner_family_household": re.compile(
        r"(?i)\bfamily\b[^;.,]*|\bhousehold\b[^;,.]*|spouse|cohabitant|blood[^;,.]*relati\w*"
        r"|marital relative|parent of ones child|unmarried couple member"
    ),
    "petitioner_dating": re.compile(r"(?i)dating relation\w*"),
    "petitioner_any_victim": re.compile(
        r"(?i)\bany (?:person|victim|aggrieved party)\b[^;,.]*"
        r"|^(?:an? )?(?:adult|person|victim)\b(?! member)"
    ),
    "petitioner_minor_self": re.compile(
        r"(?i)minor on minors own behalf|minor petitioner|minor who is \d+[^;,.]*"
        r"|filed by a minor|emancipated minor"
    ),
    "petitioner_on_behalf_of_minor": re.compile(
        r"(?i)on behalf of (?:self (?:and|or) )?(?:their |a |the )?(?:minor|unemanicpated minor)"
        r"[^;,.]*|on behalf of self,? or minor[^;,.]*|on behalf of (?:a )?family or household "
        r"member who is a minor|minor (?:child )?through (?:a )?(?:parent|guardian)[^;,.]*"
        r"|if minor,? (?:legal guardian|person responsible)[^;,.]*|may file for minor"
        r"|regarding minors:? (?:a reputable adult|parent)[^;]*|minor may be represented[^;.]*"
        r"|next friend on behalf of minors|to protect a child|on behalf of minor[^;,.]*"
        r"|on behalf of self or their children|on behalf of any other family or household "
        r"member who is a minor"
    ),
    "petitioner_third_party": re.compile(
        r"(?i)\bagency\b|district attorney|prosecuting attorney|states attorney"
        r"|department of [a-z ]+|shelter|peace officer|police officer|law enforcement officer"
        r"|authorized entity|\bor the court\b|court §\d+"
    ),
}


def petitioner(field: str, text: str) -> Coded:
    m = _WHO_PATTERNS[field].search(text)
    return Coded(bool(m), _m(m), "named in the who-may-apply cell")


# ---------------------------------------------------------------------------------------
# Remedies (activities cell)

_REMEDY_PATTERNS: dict[str, re.Pattern[str]] = {
    "remedy_no_contact": re.compile(
        r"(?i)enjoin(?:ing|ed)? contacts?|prevent direct or indirect contact|no contact"
        r"|enjoin contact"
    ),
    "remedy_exclude_residence": re.compile(
        r"(?i)exclud(?:e|ed|ing)[^;]*?(?:dwelling|residence|premise)"
    ),
    "remedy_stay_away_work_school": re.compile(
        r"(?i)exclud(?:e|ed|ing)[^;]*?(?:school|employment|work|place of business|day care)"
    ),
    "remedy_custody_visitation": re.compile(r"(?i)custody|visitations?|parental rights"),
    "remedy_support": re.compile(r"(?i)\bsupport\b|maintenance"),
    "remedy_counseling": re.compile(r"(?i)counseling|treatment program"),
    "remedy_firearms": re.compile(r"(?i)firearms?|weapons"),
    "remedy_costs_fees": re.compile(
        r"(?i)(?:court )?costs(?: and attorneys?'? fees?)?|attorneys?'? fees?"
    ),
    "remedy_monetary_relief": re.compile(
        r"(?i)restitution[^;]*|monetary compensation|reimburse[^;]*|pay reasonable losses"
    ),
    "remedy_property": re.compile(r"(?i)[^;]*property[^;]*|use of motor vehicle"),
    "remedy_animals": re.compile(r"(?i)[^;]*\b(?:animals?|pets?)\b"),
    "remedy_alternate_housing": re.compile(r"(?i)[^;]*alternat(?:e|ive) housing"),
}


def remedy(field: str, text: str) -> Coded:
    m = _REMEDY_PATTERNS[field].search(text)
    return Coded(bool(m), _m(m), "named in the activities cell")


# ---------------------------------------------------------------------------------------
# Fees, transmission, civil liability, repeal

_FEES_CONDITIONAL = re.compile(
    r"(?i)indigen\w*|affidavit[^;,.]*|form submitted|good faith|may be waived|"
    r"determined at hearing|^may be if[^;.]*"
)
_FEES_NO = re.compile(r"(?i)^no$|^no\.")
_FEES_YES = re.compile(
    r"(?i)^yes|no court costs shall be assessed|fee shall not be charged|no fees for filing"
    r"|paid (?:for )?by (?:the )?(?:judicial branch|perpetrator|respondent)"
    r"|assess(?:es|ed)? (?:to|against) (?:the )?(?:defendant|respondent)"
)


def fees_waived(text: str) -> Coded:
    t = text.strip()
    if not t:
        return Coded("not_stated", "", "empty cell")
    for code, pattern in (
        ("conditional", _FEES_CONDITIONAL),
        ("no", _FEES_NO),
        ("yes", _FEES_YES),
    ):
        m = pattern.search(t)
        if m:
            return Coded(code, _m(m), f"fees: {code}")
    return Coded(None, "", "unsettled: no rule matched")


TRANSMISSION_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("immediate", re.compile(r"(?i)immediately|as soon as possible")),
    ("within_6h", re.compile(r"(?i)within (?:6|six) hours[^;,.]*")),
    (
        "same_day",
        re.compile(
            r"(?i)same (?:business )?day[^;,.]*|close of business on (?:the )?day of issuance"
            r"|by (?:the )?close of business(?! on (?:the )?next)"
            r"|end of the same business day"
        ),
    ),
    ("within_24h", re.compile(r"(?i)within 24 h(?:ou)?rs\.?")),
    (
        "next_business_day",
        re.compile(r"(?i)next business day|next judicial day|within one judicial day"),
    ),
    ("within_48h", re.compile(r"(?i)within 48 hours")),
)


def transmission_deadline(text: str) -> Coded:
    for code, pattern in TRANSMISSION_PATTERNS:
        m = pattern.search(text)
        if m:
            return Coded(code, _m(m), f"strictest stated deadline: {code}")
    first = re.split(r"[;.]", text.strip(), maxsplit=1)[0].strip()
    return Coded("not_specified", first, "a recipient but no deadline" if first else "empty")


_REGISTRY_RE = re.compile(
    r"(?i)[^;.]*(?:registry|database|information (?:network|system)|data system"
    r"|data and communication system|verification system|law enforcement system"
    r"|violations network)[^;.]*"
)


def statewide_registry(text: str) -> Coded:
    m = _REGISTRY_RE.search(text)
    return Coded(bool(m), _m(m), "entered into a state-level registry or system")


def civil_liability(text: str) -> Coded:
    t = text.strip()
    if not t:
        return Coded("not_stated", "", "empty cell")
    for code, pattern in (
        ("civil_contempt", re.compile(r"(?i)civil contempt")),
        ("contempt", re.compile(r"(?i)contempt(?: of court)?")),
        ("none", re.compile(r"(?i)^no$")),
        ("other", re.compile(r"(?i)^yes[^;]*")),
    ):
        m = pattern.search(t)
        if m:
            return Coded(code, _m(m), f"civil liability: {code}")
    return Coded(None, "", "unsettled: no rule matched")


def statute_repealed(text: str) -> Coded:
    m = re.search(r"(?i)repealed", text)
    return Coded(bool(m), _m(m), "the code section says repealed")


# ---------------------------------------------------------------------------------------
# All fields for one row

DURATION_RULES = {
    "final_order_max_months": final_order_max_months,
    "final_order_duration_status": final_order_duration_status,
    "final_order_min_months": final_order_min_months,
    "final_order_max_months_aggravated": final_order_max_months_aggravated,
    "indefinite_order_possible": indefinite_order_possible,
    "final_order_extendable": final_order_extendable,
    "emergency_order_max_days": emergency_order_max_days,
}
PENALTY_RULES = {
    "violation_max_jail_days": violation_max_jail_days,
    "violation_max_fine_usd": violation_max_fine_usd,
    "violation_offense_level": violation_offense_level,
    "mandatory_min_jail": mandatory_min_jail,
    "repeat_violation_felony": repeat_violation_felony,
}


def code_row(cells: dict[str, str]) -> dict[str, Coded]:
    """Every coded field of one row, decided by rules."""
    out: dict[str, Coded] = {"statute_repealed": statute_repealed(cells["code_section"])}
    for name, fn in DURATION_RULES.items():
        out[name] = fn(cells["duration_text"])
    for name, fn in PENALTY_RULES.items():
        out[name] = fn(cells["penalty_text"])
    for name in _WHO_PATTERNS:
        out[name] = petitioner(name, cells["who_may_apply_text"])
    for name in _REMEDY_PATTERNS:
        out[name] = remedy(name, cells["activities_text"])
    out["fees_waived"] = fees_waived(cells["fees_waived_text"])
    out["transmission_deadline"] = transmission_deadline(cells["transmission_text"])
    out["statewide_registry"] = statewide_registry(cells["transmission_text"])
    out["civil_liability"] = civil_liability(cells["civil_liability_text"])
    return out
