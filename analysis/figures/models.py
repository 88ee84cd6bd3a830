"""Charts for a policy brief: the 51-jurisdiction distribution with the chosen states marked.

The bars are the app's own groups (analysis.facts.metrics.Group: value_groups, cap_groups,
code_groups), so a brief's chart counts and labels are the topic pages'. A chart here is a
model (what is drawn: bars or a named/not-named matrix, the chosen states, the text
alternative); analysis.figures.svg draws it as SVG without a browser, which the brief
embeds as vector art in HTML and PDF, and the Markdown brief prints as a table.

Colour is never the only cue: bars holding a chosen state carry its code, "Not stated"
bars are hatched, and in the matrix "named" is a filled circle, "not named" a hollow one.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.core import display
from analysis.core.schema import (
    FEES_WAIVED_CODES,
    FIELDS_BY_NAME,
    PETITIONER_FIELDS,
    REMEDY_FIELDS,
    TRANSMISSION_CODES,
)
from analysis.facts import metrics
from analysis.facts.metrics import Group


@dataclass(frozen=True)
class BarChart:
    """Jurisdictions (of 51) per value; the bars holding a chosen state are marked."""

    title: str
    measure: str  # "stated cap", "deadline, strictest first"
    groups: tuple[Group, ...]
    chosen: tuple[str, ...]

    @property
    def subtitle(self) -> str:
        return (
            f"Jurisdictions (of 51) by {self.measure}; marked: {', '.join(self.chosen)}; "
            "hatched: not stated"
        )

    @property
    def alt(self) -> str:
        """Every bar in words: value, count, which jurisdictions (the chosen ones named)."""
        return metrics.groups_alt(self.title, list(self.groups)) + (
            f" Chosen: {', '.join(self.chosen)}."
        )

    def rows(self) -> list[tuple[str, str, str]]:
        """The chart as a table: value, jurisdictions, the chosen states in that bar."""
        return [
            (g.label, str(g.count), ", ".join(c for c in self.chosen if c in g.codes))
            for g in self.groups
        ]


@dataclass(frozen=True)
class MatrixRow:
    label: str
    named_in: int  # jurisdictions of 51 whose cell names it
    cells: tuple[tuple[str, str], ...]  # (state code, the value's words) per chosen state


@dataclass(frozen=True)
class FlagMatrix:
    """Rows = yes/no fields, columns = chosen states: named (filled) or not (hollow)."""

    title: str
    subtitle: str
    rows: tuple[MatrixRow, ...]
    chosen: tuple[str, ...]

    @property
    def alt(self) -> str:
        parts = []
        for r in self.rows:
            named = [c for c, words in r.cells if words == "Yes"]
            parts.append(
                f"{r.label} ({r.named_in} of 51): named for {', '.join(named) or 'none of them'}"
            )
        return f"{self.title}. " + "; ".join(parts) + "."


Chart = BarChart | FlagMatrix


def bar_chart(groups: list[Group], chosen: list[str], title: str, measure: str) -> BarChart:
    return BarChart(title, measure, tuple(groups), tuple(chosen))


def flag_matrix(
    df: pd.DataFrame, fields: tuple[str, ...], chosen: list[str], title: str, subtitle: str
) -> FlagMatrix:
    sub = df.set_index("state_code", drop=False)
    rows = {c: sub.loc[c].to_dict() for c in chosen}
    return FlagMatrix(
        title,
        subtitle + "; in brackets: jurisdictions of 51 that name it",
        tuple(
            MatrixRow(
                FIELDS_BY_NAME[f].label,
                int(df[f].fillna(False).astype(bool).sum()),
                tuple((c, display.value_text(f, rows[c])) for c in chosen),
            )
            for f in fields
        ),
        tuple(chosen),
    )


def topic_chart(topic: str, df: pd.DataFrame, chosen: list[str]) -> Chart:
    """The brief's chart for one topic: the app's own groups (analysis.facts.metrics), with
    the chosen states marked."""
    if topic == "duration":
        return bar_chart(
            metrics.cap_groups(df), chosen, "Maximum term of a final order", "stated cap"
        )
    if topic == "penalties":
        return bar_chart(
            metrics.value_groups(df, "violation_max_jail_days"),
            chosen,
            "Maximum jail for a first violation",
            "stated maximum",
        )
    if topic == "transmission":
        return bar_chart(
            metrics.code_groups(df, "transmission_deadline", TRANSMISSION_CODES),
            chosen,
            "Deadline for sending an order to law enforcement",
            "deadline, strictest first",
        )
    if topic == "fees":
        return bar_chart(
            metrics.code_groups(df, "fees_waived", FEES_WAIVED_CODES),
            chosen,
            "Are filing and service fees waived?",
            "answer",
        )
    if topic == "who_may_apply":
        return flag_matrix(
            df,
            PETITIONER_FIELDS,
            chosen,
            "Who may apply for an order",
            "Filled: the Table 32 entry names this petitioner",
        )
    if topic == "remedies":
        return flag_matrix(
            df,
            REMEDY_FIELDS,
            chosen,
            "What an order can do",
            "Filled: the Table 32 entry names this remedy",
        )
    raise ValueError(f"unknown topic {topic!r}")
