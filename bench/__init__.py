"""Load benchmark of the portal (`bench/run.py`); not part of the deployed application."""
