"""The words every output shares: title, caveat, as-of note, source line, dates.

One copy of each. The app, the charts, the data files, the data package and the briefs
all take them from here, so the caveat cannot read differently in two places.
"""

from __future__ import annotations

import datetime as dt

PROJECT_TITLE = "Protective-order laws by state"

# The caveat, in full (Methods, data files, the data package, briefs) ...
CAVEAT = (
    "The data reflect the source as published, not current law. Table 32: Protective "
    "Orders is undated, and the laws it summarises have changed since it was compiled. "
    "Verify any value against the current statute (and, for a real case, with a lawyer or "
    "advocate) before relying on it."
)
# ... and as the one-line stamp every chart, file and page carries.
AS_OF_NOTE = "Table 32 undated; coded as published, not current law."
# The caveat line at the top of every page (Markdown: the title in bold).
PAGE_CAVEAT = (
    "Data reflect **Table 32: Protective Orders as published** (undated), not current law. "
    "Verify against current statutes before relying on any value."
)
# The source line under every chart (plotly text markup).
SOURCE_LINE = (
    "Source: Table 32: Protective Orders (undated), coded by this project.<br>"
    "Reflects the source as published, not current law."
)


def today() -> dt.date:
    return dt.date.today()


def long_date(day: dt.date) -> str:
    """'14 March 2026' (no locale, no leading zero)."""
    return f"{day.day} {day.strftime('%B')} {day.year}"
