"""The site ``manage.py bench --pages`` serves through gunicorn: the portal under production-like
settings, plus a minimal login-protected baseline page. Not part of the product."""
