"""Production-like settings for the page benchmark (``manage.py bench``, measure ``pages``).

Production's settings (DEBUG off, HTTPS behind a proxy, the same middleware, sessions and
templates), the environment's secret key (the bench process makes the sessions), local
hosts, and one more URL: the baseline page (``devtools.bench_site.views.baseline``). Static
files are served unhashed (no ``collectstatic`` needed): the pages measured load none.
"""

from config.settings.base import *  # noqa: F403
from config.settings.https import *  # noqa: F403
from config.settings.security import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS += ["devtools"]  # noqa: F405
ROOT_URLCONF = "devtools.bench_site.urls"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False}
