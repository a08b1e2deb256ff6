"""Settings of Centres-Villes Vivants, driven by the environment.

Defaults give the embedded demo (SQLite + huey on SQLite, files under ./var).
Production sets CVV_ENV=production and provides secrets through the environment
(see README, "Configuration").
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cvv.core.csp import policy as csp_policy

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ.get("CVV_ENV", "dev")
PRODUCTION = ENV == "production"
VAR_DIR = Path(os.environ.get("CVV_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # embedded SQLite databases and local files


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    SECRET_KEY = "insecure-dev-only-key-never-used-in-production-0123456789abcdef"

DEBUG = env_bool("DEBUG", default=not PRODUCTION and ENV != "test")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates for FORM_RENDERER
    "django_htmx",
    "axes",
    # huey's app is not installed (its import loads redis and psycopg at every start-up):
    # `cvv run_huey` is cvv.core's, the tasks modules import huey when they are imported.
    # Domain apps
    "cvv.core",
    "cvv.users",
    "cvv.territories",
    "cvv.organisations",
    "cvv.audit",
    "cvv.documents",
    "cvv.letters",
    "cvv.observatory",
    "cvv.programme",
    "cvv.funding",
    "cvv.events",
    "cvv.coordination",
    "cvv.impact",
    "cvv.synthesis",
    "cvv.premises",
    "cvv.fonciere",
    "cvv.network",
    "cvv.matchmaking",
    "cvv.api",
    # Web layer
    "cvv.www",
    "cvv.assembly",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cvv.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cvv.urls"
WSGI_APPLICATION = "cvv.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cvv" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cvv.core.context_processors.platform",
                "cvv.www.context_processors.notifications",
            ],
            # money, number, percent, of_place: one French format (docs/architecture.md)
            "builtins": ["cvv.core.templatetags.fr"],
        },
    }
]

# Accessible fields (help text and errors tied to the widget): cvv/core/form_rendering.py
FORM_RENDERER = "cvv.core.form_rendering.CvvFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'cvv.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60" if PRODUCTION else "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "public:landing"

# ProConnect (OpenID Connect for public agents): enabled when the three values are set.
# See docs/accounts.md. mozilla-django-oidc reads the OIDC_* names below.
PROCONNECT_CLIENT_ID = os.environ.get("PROCONNECT_CLIENT_ID", "")
PROCONNECT_CLIENT_SECRET = os.environ.get("PROCONNECT_CLIENT_SECRET", "")
PROCONNECT_ISSUER = os.environ.get("PROCONNECT_ISSUER", "")
PROCONNECT_SIGN_ALGO = os.environ.get("PROCONNECT_SIGN_ALGO", "RS256")
if PROCONNECT_SIGN_ALGO not in ("RS256", "ES256"):
    raise ImproperlyConfigured("PROCONNECT_SIGN_ALGO must be RS256 or ES256.")
OIDC_RP_SCOPES = os.environ.get("PROCONNECT_SCOPES", "openid email given_name usual_name siret")
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:proconnect_callback"
OIDC_USE_NONCE = True
OIDC_USE_PKCE = False  # ProConnect refuses any authorization parameter it does not list
OIDC_STATE_SIZE = 48  # ProConnect requires at least 32 characters
OIDC_NONCE_SIZE = 48
OIDC_MAX_STATES = 10
OIDC_TIMEOUT = 10
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {}

# Lockout after repeated failures (django-axes): 5 failures per account lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_USERNAME_FORM_FIELD = "username"
# Failures are counted under the normalised address (case, spaces, Unicode compatibility
# forms folded), the same form the login looks the account up by: no variant gets fresh tries.
AXES_USERNAME_CALLABLE = "cvv.users.identity.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Lockout is per account (username): locking by IP would lock whole town halls behind one
# NAT address. Password reset stays available to a locked-out person.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Reverse proxies in front of the app servers whose X-Forwarded-For is trusted (0: none, the
# client address is REMOTE_ADDR). Used by the password reset limit and django-axes' records.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "cvv.users.throttle.client_ip"
# Password reset requests: at most this many e-mails per address and requests per client
# address in each window (seconds); beyond, the address limit is silent (no enumeration).
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS", "3"))
PASSWORD_RESET_LIMIT_PER_IP = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_IP", "20"))
PASSWORD_RESET_WINDOW = 3600

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
FORMAT_MODULE_PATH = ["cvv.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "cvv" / "static"]

# Uploaded documents are private: stored outside the web root and served by
# permission-checked views only. S3-compatible storage in production.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "private"))
# Static files are served by WhiteNoise, from the apps' folders outside production: the demo
# runs with DEBUG off (French 404/500 pages) without a collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DOCUMENT_MAX_SIZE = int(os.environ.get("DOCUMENT_MAX_SIZE", 20 * 1024 * 1024))

# Conversion of generated documents (ODT) to PDF: LibreOffice, a system package
# (`libreoffice-writer-nogui` on Debian). Empty: documents stay ODT, marked "PDF unavailable".
LIBREOFFICE_BINARY = os.environ.get("LIBREOFFICE_BINARY", "soffice")
LIBREOFFICE_TIMEOUT = int(os.environ.get("LIBREOFFICE_TIMEOUT", 120))

# Columnar store of the observatory (establishment-level data, parquet files).
OBSERVATORY_DATA_DIR = Path(os.environ.get("OBSERVATORY_DATA_DIR", VAR_DIR / "observatory"))

# Task queue (huey): SQLite for the demo, Redis in production, immediate in tests.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "cvv", "url": REDIS_URL, "immediate": False}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "cvv",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
    }
# Huey schedules and logs in local time (TIME_ZONE), as every other log line.
HUEY["utc"] = False

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
if REDIS_URL:
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Centres-Villes Vivants <ne-pas-repondre@cvv.demo>"
)

# Optional tile layer for maps (production only); maps work without it.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy of every response: scripts and styles from our static files only
# (cvv/core/csp.py explains each directive).
CONTENT_SECURITY_POLICY = csp_policy(tile_url=MAP_TILE_URL)

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # One format, in the platform's time zone (Django sets the process's TZ to TIME_ZONE).
    "formatters": {
        "plain": {
            "format": "[{asctime}] {levelname} {name}: {message}",
            "style": "{",
            "datefmt": "%Y-%m-%d %H:%M:%S",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Declared here so that `run_huey` does not add its own handler: each line logged once.
    "loggers": {"huey": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False}},
}

# The foncière's targets (issue 11: about 400 premises and 150 M€ over ten years from its
# launch in October 2023); the portfolio dashboard shows the progress against them. An
# area target in m² is shown only when set (FONCIERE_TARGET_AREA_M2).
FONCIERE_TARGETS = {
    "premises": int(os.environ.get("FONCIERE_TARGET_PREMISES", "400")),
    "invested": os.environ.get("FONCIERE_TARGET_INVESTED", "150000000"),
    "area_m2": os.environ.get("FONCIERE_TARGET_AREA_M2", ""),
    "start": os.environ.get("FONCIERE_TARGET_START", "2023-10-01"),
    "years": int(os.environ.get("FONCIERE_TARGET_YEARS", "10")),
}

# Optional error reporting (Sentry or compatible): only when SENTRY_DSN is set.
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from cvv.core.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", ENV),
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
