"""``make load``: the deadline-day load scenario (locust) against two gunicorn servers and a worker.

Only against 127.0.0.1, bounded in time. See ``docs/performance.md`` ("Deadline-day load").
"""
