"""Escaped Markdown tables and headline HTML (analysis.core.markup): text stays text."""

import html
import re

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from analysis.core import markup
from analysis.facts.metrics import Headline

MD = MarkdownIt("commonmark").enable("table")


def rendered_text(md: str) -> str:
    """What a reader sees: the rendered HTML with tags removed and entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", MD.render(md)))


@given(st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=80))
def test_escaped_text_renders_as_itself(text):
    out = MD.renderInline(markup.md_literal(text))
    # No element is created from the text: every tag in the output is one we expect none of.
    assert "<" not in out.replace("&lt;", "")
    assert html.unescape(out) == " ".join(text.split())


def test_table_cells_with_markdown_syntax_stay_literal():
    df = pd.DataFrame(
        {
            "Term": ["a | b", "<script>x</script>", "**bold**", "$500", None],
            "Count": [1, 2, 3, 4, float("nan")],
        }
    )
    md = markup.md_table(df, index=False, align_right=("Count",))
    tokens = MD.parse(md)
    cells = [t.children[0].content if t.children else "" for t in tokens if t.type == "inline"]
    # header + 5 rows x 2 cells, each cell exactly the original text (empty for missing)
    assert len(cells) == 12
    assert "<script>" not in MD.render(md)
    shown = rendered_text(md)
    for v in ("a | b", "<script>x</script>", "**bold**", "$500"):
        assert v in shown
    assert md.splitlines()[1] == "|:---|---:|"


def test_table_keeps_the_index_as_first_column():
    df = pd.DataFrame({"n": [3, 4]}, index=pd.Index(["1 year", "2 years"], name="Cap"))
    lines = markup.md_table(df).splitlines()
    assert lines[0] == "| Cap | n |"
    assert lines[2] == "| 1 year | 3 |" and len(lines) == 4


def test_headlines_html_escapes_and_keeps_order():
    hs = [Headline("Median <b>cap</b>", "1 year", 'He said "x" & <i>y</i>'), Headline("B", "2", "")]
    out = markup.headlines_html(hs)
    assert "<b>" not in out and "<i>" not in out
    assert out.index("Median &lt;b&gt;cap&lt;/b&gt;") < out.index("<dt>B</dt>")
    assert "&amp; &lt;i&gt;y&lt;/i&gt;" in out


@given(st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=60))
def test_html_table_shows_cell_text_as_itself(text):
    out = markup.html_table(pd.DataFrame({"State": ["NJ"], "Value": [text]}), "Caption")
    cells = re.findall(r"<td[^>]*>(.*?)</td>", out, flags=re.S)
    assert [html.unescape(c.replace("<br>", "\n")) for c in cells] == ["NJ", text]
    assert "<script" not in out.replace("&lt;script", "")


def test_html_table_is_a_real_table_with_headers_and_scroll_box():
    df = pd.DataFrame({"State": ["Alabama", "Alaska"], "Jurisdictions": [1, None]})
    out = markup.html_table(df, "Counts", align_right=("Jurisdictions",), max_height=200)
    assert re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", out) == ["State", "Jurisdictions"]
    assert "<caption" in out and ">Counts</caption>" in out
    # A missing value is an empty cell, not "nan"; the scroll box is keyboard-focusable.
    assert "nan" not in out and "tabindex='0'" in out and 'aria-label="Counts"' in out


def test_pre_html_escapes():
    assert markup.pre_html("a < b").endswith("a &lt; b</pre>")


def test_nav_is_a_list_of_links_with_the_current_page_marked():
    out = markup.nav_html(
        [("Explore", [("Overview", "./"), ("A <b>", "a")]), ("About", [("Methods", "methods")])],
        "a",
    )
    assert out.count('<nav class="po-nav" aria-label="Pages">') == 1
    assert re.findall(r'<a href="([^"]*)"', out) == ["./", "a", "methods"]
    assert re.findall(r'<a [^>]*aria-current="page">([^<]*)</a>', out) == ["A &lt;b&gt;"]
    # Every item inside a list: no div or text directly in a ul.
    assert not re.search(r"<ul>(?!<li>)", out)
