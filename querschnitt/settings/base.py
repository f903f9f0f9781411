"""Settings shared by every environment. Everything that differs between machines comes from the environment.

`DATABASE_URL` unset means an SQLite file in `QUERSCHNITT_DATA_DIR`; set, it names a PostgreSQL database.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from . import scaling

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("QUERSCHNITT_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Our apps, lowest first: the order is the order of the dependency arrows in DESIGN.md.
    "querschnitt.core",
    "querschnitt.tenancy",
    "querschnitt.accounts",
    "querschnitt.committees",
    "querschnitt.network",
    "querschnitt.strategy",
    "querschnitt.participation",
    "querschnitt.statewide",
    "querschnitt.reporting",
    "querschnitt.oparl",
    "querschnitt.api",
    "querschnitt.benchmarks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy and the Permissions-Policy on every response, error pages included.
    "csp.middleware.CSPMiddleware",
    "querschnitt.core.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Early, so that a database that is down or read-only gets the German 503 page from every later layer too.
    "querschnitt.core.health.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "querschnitt.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "querschnitt.accounts.middleware.RequireMfaForRolesMiddleware",
    # Rate limits of the public endpoints (login and password reset are limited by allauth itself).
    "querschnitt.core.ratelimits.RateLimitMiddleware",
    # Axes must come last so that it sees the outcome of the login views.
    "axes.middleware.AxesMiddleware",
]
MIDDLEWARE = scaling.middleware(MIDDLEWARE)  # read-your-writes pinning after SecurityMiddleware, only with replicas

ROOT_URLCONF = "querschnitt.urls"
WSGI_APPLICATION = "querschnitt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "querschnitt.core.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'querschnitt.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one request writes; the timeout waits for a lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Planner settings for SSD storage, sent with each new connection (docs/deployment.md): with the default
    # random_page_cost of 4 PostgreSQL scans whole tables where a few hundred index look-ups are 5× faster (the
    # agenda items of an OParl meeting page: 14 ms → 2 ms at state-wide size). Empty for a pooler that refuses
    # startup options (PgBouncer without `ignore_startup_parameters = options`); set it in postgresql.conf then.
    PG_OPTIONS = os.environ.get("QUERSCHNITT_PG_OPTIONS", "-c random_page_cost=1.1")
    if PG_OPTIONS:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = PG_OPTIONS
    # The OParl paper lists prepare their statement on the server (`oparl/postgres_papers.py`); psycopg prepares
    # nothing while the threshold is None (Django's default), and the ORM's cursors never prepare. Off for a
    # connection pooler in transaction mode without prepared statements (PgBouncer before 1.21).
    if env_bool("QUERSCHNITT_PREPARED_STATEMENTS", True):
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5
        if PG_OPTIONS:  # plan a prepared statement once, not five times (it is the same for every body and page)
            DATABASES["default"]["OPTIONS"]["options"] += " -c plan_cache_mode=force_generic_plan"

# --- Beyond one host (docs/deployment.md): read replicas, shared cache, object storage; all off by default. ---
DATABASES = scaling.databases(DATABASES["default"])  # + "replica", "replica_2", … from DATABASE_REPLICA_URL
DATABASE_ROUTERS = scaling.database_routers()  # the primary/replica router only when replicas exist
QUERSCHNITT_REPLICA_PIN_SECONDS = int(os.environ.get("QUERSCHNITT_REPLICA_PIN_SECONDS", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = scaling.storages(  # QUERSCHNITT_S3_BUCKET puts uploaded and generated files into object storage
    {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
)
CACHES = scaling.caches()  # each process's memory; CACHE_URL=redis://… for one cache shared by all app servers
SESSION_ENGINE = scaling.session_engine()  # cached_db only with a shared cache, else db

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# --- Mail: the console in development, SMTP in production (EMAIL_URL-like variables kept simple). ---
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = DATA_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Querschnitt <noreply@localhost>")
QUERSCHNITT_FEEDBACK_EMAIL = os.environ.get("QUERSCHNITT_FEEDBACK_EMAIL", "barrierefreiheit@localhost")

# --- django-allauth: e-mail login, no open sign-up (people join by invitation), MFA with TOTP. ---
ACCOUNT_ADAPTER = "querschnitt.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Querschnitt"
# Roles for which a second factor is required, e.g. "office,state_staff". Empty means optional for everyone.
QUERSCHNITT_MFA_REQUIRED_ROLES = env_list("QUERSCHNITT_MFA_REQUIRED_ROLES")

# --- django-axes: lock an account/IP pair after repeated failed logins. ---
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "querschnitt.accounts.adapters.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# --- Background work (django-tasks): generated documents and the like. The database backend keeps the queue in our
# own database; `querschnitt db_worker` works it off. With QUERSCHNITT_TASKS_IMMEDIATE a task runs at once in the
# request that asks for it (no worker needed; the development settings and `make demo` default to this). ---
QUERSCHNITT_TASKS_IMMEDIATE = env_bool("QUERSCHNITT_TASKS_IMMEDIATE", False)
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if QUERSCHNITT_TASKS_IMMEDIATE
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- Invitations ---
QUERSCHNITT_INVITATION_DAYS = int(os.environ.get("QUERSCHNITT_INVITATION_DAYS", "14"))

# --- Registrations for events are deleted this many days after the event (counts are kept). ---
QUERSCHNITT_REGISTRATION_RETENTION_DAYS = int(os.environ.get("QUERSCHNITT_REGISTRATION_RETENTION_DAYS", "30"))

# --- Personal data of finished counselling requests is removed this many days later (the anonymous record stays). ---
QUERSCHNITT_COUNSELLING_RETENTION_DAYS = int(os.environ.get("QUERSCHNITT_COUNSELLING_RETENTION_DAYS", "365"))

# --- The legal pages: who runs this instance. ---
QUERSCHNITT_OPERATOR = os.environ.get("QUERSCHNITT_OPERATOR", "Betreiberin dieser Instanz (bitte eintragen)")
QUERSCHNITT_OPARL_CONTACT_EMAIL = os.environ.get("QUERSCHNITT_OPARL_CONTACT_EMAIL", "")
QUERSCHNITT_OPARL_CONTACT_NAME = os.environ.get("QUERSCHNITT_OPARL_CONTACT_NAME", "")
QUERSCHNITT_ACCESSIBILITY_TESTED_ON = os.environ.get("QUERSCHNITT_ACCESSIBILITY_TESTED_ON", "2026-11-21")

# --- Security headers and cookies (docs/security.md explains each choice). ---
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Features no page of ours uses; a page (or injected content) cannot switch them on.
QUERSCHNITT_PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=(), xr-spatial-tracking=()"
)

# Content-Security-Policy (django-csp): no script but our own files, no inline script, no eval, no plugins, no
# framing. No inline styles either: style attributes are refused (style-src-attr 'none'; our templates use classes of
# site.css), style elements too, except the one fixed rule of Django's admin change list, allowed by its hash.
_ADMIN_CHANGELIST_STYLE = "'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", _ADMIN_CHANGELIST_STYLE],
        "style-src-attr": ["'none'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "frame-src": ["'none'"],
        "worker-src": ["'none'"],
        "manifest-src": ["'self'"],
        # Optional: where browsers report a blocked resource (e.g. a collector of the operator).
        **(
            {"report-uri": [os.environ["QUERSCHNITT_CSP_REPORT_URI"]]}
            if os.environ.get("QUERSCHNITT_CSP_REPORT_URI")
            else {}
        ),
    }
}

# The client address for rate limits and login lockouts. Behind nginx every request comes from 127.0.0.1: set
# QUERSCHNITT_TRUSTED_PROXY_COUNT=1 when exactly one proxy in front of the application appends X-Forwarded-For.
QUERSCHNITT_TRUSTED_PROXY_COUNT = int(os.environ.get("QUERSCHNITT_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = QUERSCHNITT_TRUSTED_PROXY_COUNT
AXES_CLIENT_IP_CALLABLE = "querschnitt.core.ratelimits.axes_client_ip"

# Rate limits (querschnitt/core/ratelimits.py): scope -> "count/period" (s, m, h, d; "100/5m") or None for no
# limit. A workshop of 500 people behind one venue NAT must be able to join and vote at once: the ballot is limited
# per personal code; per address only floods and code guessing are stopped. Change one scope with
# QUERSCHNITT_RATELIMIT_<SCOPE>=… ("off" for none); QUERSCHNITT_RATELIMITS_ENABLED=0 switches all of them off.
QUERSCHNITT_RATELIMITS_ENABLED = env_bool("QUERSCHNITT_RATELIMITS_ENABLED", True)
# If the cache fails (Redis restarting), let requests through: a dot vote must not stop for that.
RATELIMIT_FAIL_OPEN = True
_RATELIMIT_DEFAULTS = {
    "login": "30/m",  # sign-in form per address (allauth; axes locks an account+address pair after failures)
    "login_failed": "10/m",  # failed sign-ins per address (allauth; also 5 per 5 minutes per account)
    "password_reset": "5/m",  # reset mails per address
    "password_reset_from_key": "20/m",  # setting a new password with the link from the mail, per address
    "invitation": "20/m",  # accepting an invitation (setting a password), per address
    "vote_join": "1000/5m",  # typing the personal code, per address (one venue = one address)
    "vote_ballot": "120/m",  # one voter's ballot page and its changes, per personal code
    "vote_ballot_address": "6000/m",  # all ballots of one address: only a flood brake
    "vote_ballot_user": "120/m",  # the ballot of a signed-in member, per user
    "code_guess": "200/10m",  # unknown codes and tokens (vote, registration, offers, funding), per address
    "public_form": "10/10m",  # forms anyone may send (feedback, registration, funding application), per address
    "token_link": "60/m",  # pages reached by a secret link from a mail, per address
    "api": "600/m",  # every request to the REST API, per address
    "oparl": "1200/m",  # every request to OParl, per address (a crawler: 20 pages of 100 objects a second)
}
QUERSCHNITT_RATELIMITS: dict[str, str | None] = {
    scope: (
        None
        if os.environ.get(f"QUERSCHNITT_RATELIMIT_{scope.upper()}", default).strip().lower() in {"", "off", "0"}
        else os.environ.get(f"QUERSCHNITT_RATELIMIT_{scope.upper()}", default).strip()
    )
    for scope, default in _RATELIMIT_DEFAULTS.items()
}


# allauth's own limits (sign-in, failed sign-ins, password reset, the second factor) read the same numbers; "key"
# limits count per account.
def _allauth_rates(scope: str, per_key: str = "") -> str:
    rate = QUERSCHNITT_RATELIMITS[scope]
    return ",".join(part for part in (f"{rate}/ip" if rate else "", per_key) if part)


ACCOUNT_RATE_LIMITS = (
    {
        "login": _allauth_rates("login"),
        "login_failed": _allauth_rates("login_failed", "5/5m/key"),
        "reset_password": _allauth_rates("password_reset", "5/m/key"),
        "reset_password_from_key": _allauth_rates("password_reset_from_key"),
    }
    if QUERSCHNITT_RATELIMITS_ENABLED
    else False
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "querschnitt.core.log_format.JsonFormatter"},
    },
    # LOG_FORMAT=json writes one JSON object per line (structured logs for a collector).
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("LOG_FORMAT", "plain") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
