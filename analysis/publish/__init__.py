"""Publish layer: files for people (chart images, data files, policy briefs).

Pure Python (no Streamlit): the app (analysis/app/downloads.py), the command line
(`python -m analysis brief | charts | datapackage`) and the tests call the same functions.
"""
