"""Escaped Markdown and HTML for the overview's small table and headline figures.

The overview draws these with `st.markdown`/`st.html` rather than `st.table`/`st.metric`:
those two load extra script chunks in the browser (the table's pulls in ~1 MB of Arrow and
date code) while the map's own 4.7 MB chunk is being parsed, and together they delayed the
first map by ~0.2 s (README, Performance). Both functions here are pure and escape every
piece of text, so nothing in the data can become markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import pandas as pd

# Characters Markdown (CommonMark + GFM + Streamlit's extensions) could read as syntax.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=^&])")


def md_literal(text: object) -> str:
    """`text` as literal Markdown inline text: every syntax character backslash-escaped,
    line breaks folded to spaces (a table cell or a label is one line)."""
    s = "" if text is None else str(text)
    s = " ".join(s.split())
    return _SPECIAL.sub(r"\\\1", s)


def md_table(df: pd.DataFrame, index: bool = True, align_right: Iterable[str] = ()) -> str:
    """A GitHub-flavoured Markdown table of `df`, every cell escaped.

    Missing values are empty cells; columns named in `align_right` are right-aligned.
    """
    frame = df.reset_index() if index else df
    cols = [str(c) for c in frame.columns]
    right = set(align_right)

    def cell(v: object) -> str:
        if v is None or (isinstance(v, float) and v != v):
            return ""
        return md_literal(v)

    head = "| " + " | ".join(md_literal(c) for c in cols) + " |"
    rule = "|" + "|".join("---:" if c in right else ":---" for c in cols) + "|"
    rows = ["| " + " | ".join(cell(v) for v in r) + " |" for r in frame.itertuples(index=False)]
    return "\n".join([head, rule, *rows])


_HEADLINE_CSS = """<style>
.po-headlines{margin:0;padding:0}
.po-headlines dt{font-size:.875rem;opacity:.8;margin:0}
.po-headlines .po-value{font-size:1.75rem;line-height:1.25;margin:0}
.po-headlines .po-note{font-size:.8rem;opacity:.7;margin:0 0 .75rem 0}
</style>"""


def headlines_html(headlines: Iterable) -> str:
    """Headline figures (objects with label, value, help) as an HTML description list:
    the label, the figure large, and what it means in small type beneath it. Colours are
    inherited, so it follows the light or dark theme."""
    items = "".join(
        f"<dt>{html.escape(str(h.label))}</dt>"
        f'<dd class="po-value">{html.escape(str(h.value))}</dd>'
        f'<dd class="po-note">{html.escape(str(h.help))}</dd>'
        for h in headlines
    )
    return f'{_HEADLINE_CSS}<dl class="po-headlines">{items}</dl>'
