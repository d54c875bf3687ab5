"""Production settings served over plain HTTP on 127.0.0.1, for the load scenario only."""

from config.settings.prod import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
INSTALLED_APPS += ["devtools"]  # noqa: F405  (its commands; no URLs)
