"""Demo data, one module per app, run in order by ``manage.py seed_demo``."""
