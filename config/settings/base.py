"""Settings shared by every environment: the apps, the middleware, the database, paths and languages.

The hardening every environment runs with (login throttling, two-factor login, sessions,
headers, limits) is ``security``; production's HTTPS transport is ``https``. Each of
``dev``, ``test`` and ``prod`` names the modules it is made of.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.database import database_config
from config.env import env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, which it extends
    "accounts.apps.OTPAdminConfig",  # django.contrib.admin, requiring a verified second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "guardian",
    "django_countries",
    "import_export",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "accounts",
    "coalitions",
    "reports",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "axes",
    "csp",
]

# The whole list, in order. The request-size check runs before anything reads the body;
# axes must come last.
MIDDLEWARE = [
    "accounts.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]
FORM_RENDERER = "config.forms.PortalFormRenderer"

DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
GUARDIAN_MONKEY_PATCH_USER = False
ANONYMOUS_USER_NAME = None
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("uk", _("Ukrainian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
FORMAT_MODULE_PATH = ["config.formats"]  # one date and one number style per language
USE_THOUSAND_SEPARATOR = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")
# The site address that makes the links in e-mails absolute (empty: relative links).
PORTAL_URL = env_str("PORTAL_URL", "")
# The name an authenticator app shows beside the portal's codes.
TWO_FACTOR_ISSUER = env_str("TWO_FACTOR_ISSUER", "Capability Coalitions Portal")

# People: invitation links expire after INVITATION_MAX_AGE_HOURS; one person sends at most
# INVITATION_RATE_PER_HOUR invitations an hour. Partner and observer accounts are reviewed
# every ACCESS_REVIEW_DAYS, with reminders ACCESS_REVIEW_REMINDER_DAYS before they are due.
INVITATION_MAX_AGE_HOURS = env_int("INVITATION_MAX_AGE_HOURS", 72)
INVITATION_RATE_PER_HOUR = env_int("INVITATION_RATE_PER_HOUR", 20)
ACCESS_REVIEW_DAYS = env_int("ACCESS_REVIEW_DAYS", 90)
ACCESS_REVIEW_REMINDER_DAYS = (14, 7)

BACKUP_DIR = Path(env_str("BACKUP_DIR", BASE_DIR / "var" / "backups"))
# Uploaded spreadsheets wait here between preview and confirm (limits: see security.py).
IMPORT_UPLOAD_DIR = BASE_DIR / "var" / "imports"

# Django's own logging stays as it is; refused requests (403) are logged as one line each.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "config.log.RefusalsWithoutTraceback"}},
    "loggers": {"django.request": {"filters": ["refusals"]}},
}
