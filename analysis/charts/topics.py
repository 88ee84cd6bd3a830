"""Topic charts (duration, penalties, transmission). Filled in by the topic pages."""
