"""Settings shared by every environment: the apps, the middleware, the database, paths and languages.

The hardening every environment runs with (login throttling, two-factor login, sessions,
headers, limits) is ``security``; production's HTTPS transport is ``https``. Each of
``dev``, ``test`` and ``prod`` names the modules it is made of.
"""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.database import database_config
from config.env import env_bool, env_int, env_list, env_str

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
    "procrastinate.contrib.django",  # the task queue, its jobs in PostgreSQL (reports/tasks.py)
    "accounts",
    "coalitions",
    "coalitions.planning",
    "reports",
    "coalitions.ventures",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "axes",
    "csp",
    "rest_framework",
    "drf_spectacular",
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
            "libraries": {"portal_forms": "config.form_tags", "portal_lists": "config.list_tags"},
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

# Briefings: a handling marking ("OFFICIAL – SENSITIVE") printed in the header and footer of
# every page of every briefing; empty: none.
BRIEFING_MARKING = env_str("BRIEFING_MARKING", "")

BACKUP_DIR = Path(env_str("BACKUP_DIR", BASE_DIR / "var" / "backups"))

# Background work (procrastinate, jobs in PostgreSQL; run `manage.py procrastinate worker`).
# An XLSX export of more than EXPORT_BACKGROUND_XLSX_ROWS rows (a CSV of more than
# EXPORT_BACKGROUND_CSV_ROWS; 0: CSV always streams) is prepared by the worker and kept for its
# owner PREPARED_FILE_HOURS. PREPARED_FILES_STORAGE is "database" (the file's bytes in its row)
# or the alias of a STORAGES entry that every app server and worker shares.
EXPORT_BACKGROUND_XLSX_ROWS = env_int("EXPORT_BACKGROUND_XLSX_ROWS", 20_000)
EXPORT_BACKGROUND_CSV_ROWS = env_int("EXPORT_BACKGROUND_CSV_ROWS", 0)
PREPARED_FILE_HOURS = env_int("PREPARED_FILE_HOURS", 24)
PREPARED_FILES_STORAGE = env_str("PREPARED_FILES_STORAGE", "database")
# E-mail goes through the outbox: at most OUTBOX_MAX_ATTEMPTS tries, the n-th retry
# OUTBOX_RETRY_SECONDS × 2^(n-1) after the last failure (at most an hour apart).
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 10)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60)
# /healthz answers 503 when a job has waited longer than this for a worker.
HEALTHZ_QUEUE_STUCK_MINUTES = env_int("HEALTHZ_QUEUE_STUCK_MINUTES", 15)
# The HTML of the figures page, the commitment list (per data version and reader) and the
# dashboard (per data version and person) is kept (reports.figures.kept); False: computed on
# every request.
FIGURES_KEPT = env_bool("FIGURES_KEPT", True)

# Django's own logging stays as it is; refused requests (403) are logged as one line each.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "config.log.RefusalsWithoutTraceback"}},
    "loggers": {"django.request": {"filters": ["refusals"]}},
}

# The API (config/api.py; machinery in accounts/apikit.py): token-only, problem details,
# cursor pages, API_RATE_PER_MINUTE requests per token and minute, at most API_BATCH_MAX
# lines in one batch.
API_RATE_PER_MINUTE = env_int("API_RATE_PER_MINUTE", 600)
API_BATCH_MAX = env_int("API_BATCH_MAX", 1000)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["accounts.apiauth.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.apiauth.TokenPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.apiauth.TokenRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "accounts.apikit.problem_handler",
    "COERCE_DECIMAL_TO_STRING": True,
    "SCHEMA_COERCE_PATH_PK": False,  # schema paths name {pk} as the URL conf does
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Capability Coalitions Portal API",
    "DESCRIPTION": "Read the coalitions' data and figures; push deliveries and plans into your own "
    "draft reports. Authenticate with the header Authorization: Bearer <token> (create tokens "
    "on your security page).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CommitmentStatusEnum": "coalitions.models.CommitmentStatus",
        "ReportStatusEnum": "reports.models.ReportStatus",
        "WritableCommitmentStatusEnum": "coalitions.api.WRITABLE_STATUSES",
        "MilestoneStatusEnum": "coalitions.planning.models.MilestoneStatus",
        "RoadmapVersionStatusEnum": "coalitions.planning.models.VersionStatus",
        "TrainingStatusEnum": "coalitions.ventures.models.TrainingStatus",
        "VentureStageEnum": "coalitions.ventures.models.Stage",
    },
}
