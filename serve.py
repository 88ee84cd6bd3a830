"""The dashboard's server: `streamlit run serve.py` (scripts/run.sh).

Streamlit's own server running dashboard.py, with compressed frontend files, an index page
that deep links load without errors, and every page run once (analysis/app/serving.py),
around the app's web layer (analysis/app/server.py: the quick exit in every page, safety
headers, unknown paths). `streamlit run dashboard.py` still works, with the web layer but
without those three. (Streamlit recognises an
ASGI app by the literal `app = st.App(...)` below.)
"""

import streamlit as st

from analysis.app import server, serving

server.index_html()  # fail now, at start, if Streamlit's page cannot take the exit
serving.leave_pages_folder_mode()
serving.tcp_nodelay()  # before the first connection: no 40 ms wait on each response
# serving outermost: it adjusts and compresses the pages the web layer answers with.
app = st.App("dashboard.py", middleware=serving.middleware() + server.MIDDLEWARE)
