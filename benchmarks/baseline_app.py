"""The benchmark's baseline: the framework's floor for the overview map.

A minimal Streamlit page with one plotly choropleth of the same data (same outline file,
served the same way). `python -m analysis bench` times it against the real overview.
"""

from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

CSV = Path(__file__).resolve().parent.parent / "data" / "processed" / "protective_orders.csv"
df = pd.read_csv(CSV, dtype=str, keep_default_na=False)
df["months"] = pd.to_numeric(df["final_order_max_months"].replace("", None))
fig = px.choropleth(
    df, locations="state_code", locationmode="USA-states", color="months", scope="usa"
)
base = st.get_option("server.baseUrlPath") or ""
st.plotly_chart(
    fig, config={"topojsonURL": (f"/{base.strip('/')}" if base else "") + "/app/static/topojson/"}
)
