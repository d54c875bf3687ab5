"""Transport security for production: HTTPS only, behind a TLS-terminating proxy.

Kept apart from prod.py so that tests can apply exactly these values
(``override_settings(**https.as_dict())``) without production's environment.
"""

from config.env import env_bool

# The proxy terminates TLS and says so in X-Forwarded-Proto; it must overwrite (never pass on)
# that header from clients.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31_536_000  # one year
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True


def as_dict():
    """These settings as a dict, for ``override_settings``."""
    return {name: value for name, value in globals().items() if name.isupper()}
