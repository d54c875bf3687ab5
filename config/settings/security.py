"""Hardening that every environment runs with: login throttling, two-factor login, sessions,
headers and limits. ``dev``, ``test`` and ``prod`` each include it after ``base``.

The apps and middleware these settings configure are listed in ``base``.
"""

from datetime import timedelta

from csp.constants import NONE, SELF

from config.env import env_bool, env_int

# django-axes: N failures for one username from one address lock that pair for a while.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_USERNAME_CALLABLE = "accounts.security.login_username"
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
# How many reverse proxies in front of the portal append to X-Forwarded-For (0: none, use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Two-factor login: required for ministry, observer and admin accounts; for partners on request.
PARTNER_2FA_REQUIRED = env_bool("PARTNER_2FA_REQUIRED", False)
TWO_FACTOR_PATCH_ADMIN = False

# Sessions: 30 minutes idle, 12 hours at most, ended with the browser.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
# Not saved on every request (that wrote a row on every page view, -21 % throughput): the idle
# timer is renewed by accounts.middleware.SessionLifetimeMiddleware when it is older than
# SESSION_REFRESH_SECONDS, so a session ends between 29 and 30 idle minutes.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
PASSWORD_RESET_TIMEOUT = 3600

# Headers (HSTS and Secure cookies: see https.py, used by prod.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Request limits: bodies over REQUEST_MAX_BYTES are refused (413) before they are read.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_MB", 12) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields without files (Django's default, 2.5 MB)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger uploads go to a temporary file
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# Spreadsheet imports (reports.imports): limits checked before a file is parsed.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 100)
IMPORT_MAX_CELL_CHARS = 2_000
IMPORT_XLSX_MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
IMPORT_XLSX_MAX_RATIO = 100
IMPORT_XLSX_MAX_ENTRIES = 1_000
