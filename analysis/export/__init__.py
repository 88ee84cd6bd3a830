"""Files for people: chart images, data files, the data package and policy briefs.

Pure Python (no Streamlit): the app (analysis/ui_export.py), the command line
(`python -m analysis brief | charts | datapackage`) and the tests call the same functions.
"""

from __future__ import annotations

import datetime as dt

AS_OF_NOTE = "Table 32 undated; coded as published, not current law."
CAVEAT = (
    "This dataset codes Table 32: Protective Orders as published. The table is undated and "
    "laws have changed since; verify every value against the current statute before relying "
    "on it."
)
PROJECT_TITLE = "Protective-order laws by state"


def today() -> dt.date:
    return dt.date.today()


def long_date(day: dt.date) -> str:
    """'14 March 2026' (no locale, no leading zero)."""
    return f"{day.day} {day.strftime('%B')} {day.year}"
