"""The dashboard's server: `streamlit run serve.py` (scripts/run.sh).

Streamlit's own server running dashboard.py, with compressed frontend files, an index page
that deep links load without errors, and every page run once (analysis/app/serving.py).
`streamlit run dashboard.py` still works, without those three. (Streamlit recognises an
ASGI app by the literal `app = st.App(...)` below.)
"""

import streamlit as st

from analysis.app import serving

serving.leave_pages_folder_mode()
app = st.App("dashboard.py", middleware=serving.middleware())
