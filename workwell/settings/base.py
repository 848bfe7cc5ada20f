"""Settings shared by every environment, read from environment variables.

Safe development defaults: no DATABASE_URL means SQLite, no REDIS_URL means a local-memory
cache and Celery running tasks eagerly in-process.
"""

from pathlib import Path

import environ
from celery.schedules import crontab

from workwell.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="django-insecure-development-only-key")  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # The TemplatesSetting form renderer finds Django's own form and widget templates (hidden
    # inputs, form.as_p in allauth's MFA pages) only when this app is installed.
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_tables2",
    "simple_history",
    "csp",
    "workwell",
    "vanguards",
    "maturity",
    "learning",
    "feedback",
    "plans",
    "reporting",
    "rest_framework",
    "drf_spectacular",
    "api",
]

MIDDLEWARE = [
    "workwell.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "workwell.middleware.SlidingSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "workwell.middleware.SentOnceMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "workwell.middleware.RequireMFAMiddleware",
    "vanguards.middleware.PartnerNamespaceMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "workwell.page_cache.PageCacheMiddleware",
    "workwell.middleware.ServiceUnavailableMiddleware",
]

ROOT_URLCONF = "workwell.urls"
WSGI_APPLICATION = "workwell.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reporting.context_processors.layout",
            ],
            "builtins": ["workwell.templatetags.govuk"],
        },
    },
]
FORM_RENDERER = "workwell.forms.GovukFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# Persistent connections with a health check so a restarted database does not break requests.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, telling the page cache when data changes (workwell/page_cache.py).
    DATABASES["default"]["ENGINE"] = "workwell.postgresql"
    # No JIT compiling: it pays off for long analytic queries, not for a page's. At national
    # scale the queries PostgreSQL estimates as costly (a lead's home, the maturity results)
    # spent 15-45 ms compiling, more than they ran; the snapshots take no longer without it.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# QuerySet.iterator() (which every ModelChoiceField uses to list its choices) opens a
# server-side cursor on PostgreSQL: DECLARE ... WITH HOLD, FETCH and CLOSE, three round trips
# and a materialised result for a list of fifteen vanguards, so fetch as usual. List exports
# open their own cursor inside a transaction, where it streams (workwell.tables).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # allauth keeps rate limits and TOTP single-use codes in the cache, so every web worker
    # must share one cache: Redis, never local memory, once there is more than one process.
    # Every signed-in page asks the cache (workwell/page_cache.py): a Redis that hangs rather
    # than refusing must cost a page a second at most, not the whole request.
    CACHES = {
        "default": {
            "BACKEND": "workwell.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Signed-in pages kept until the data changes (workwell/page_cache.py): with Redis and without
# DEBUG (where templates change under a running server), unless PAGE_CACHE=off.
PAGE_CACHE = env.bool("PAGE_CACHE", default=bool(REDIS_URL) and not DEBUG)
# Results kept until the tables they read change (workwell/kept.py), unless KEPT_RESULTS=off
# (the bench measures pages with nothing kept that way).
KEPT_RESULTS = env.bool("KEPT_RESULTS", default=True)

AUTH_USER_MODEL = "workwell.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "account_login"

# Sign-in: email only, no open sign-up (admins invite people), allauth's rate limits on.
ACCOUNT_ADAPTER = "workwell.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
# allauth would email an unknown address that asks for a password reset, inviting them to sign
# up; sign-up is closed, so send nothing (the page reads the same either way).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# The rate limits above (and MFA's) count per client address. Behind a reverse proxy every
# request arrives from the proxy's address, so one person's wrong passwords would lock everyone
# out: give the number of proxies in front of the portal that append to X-Forwarded-For (allauth
# then takes the client's address as the first of them saw it), or the header a proxy sets to
# the client's address. The default trusts neither and uses REMOTE_ADDR, so a client cannot
# forge a header to escape a limit.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default="") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "WorkWell National Support Portal"
# GOV.UK wording on allauth's password and two-factor forms (workwell/account_forms.py).
ACCOUNT_FORMS = {
    "login": "workwell.account_forms.LoginForm",
    "change_password": "workwell.account_forms.ChangePasswordForm",
    "set_password": "workwell.account_forms.SetPasswordForm",
    "reset_password": "workwell.account_forms.ResetPasswordForm",
    "reset_password_from_key": "workwell.account_forms.ResetPasswordKeyForm",
}
MFA_FORMS = {
    "authenticate": "workwell.account_forms.AuthenticateForm",
    "reauthenticate": "workwell.account_forms.ReauthenticateForm",
    "activate_totp": "workwell.account_forms.ActivateTOTPForm",
}
# Two-factor sign-in is required for NST and programme roles in production.
REQUIRE_MFA = env.bool("REQUIRE_MFA", default=False)
INVITATION_EXPIRY_DAYS = 7

# Sessions end after 8 hours without a request: workwell.middleware.SlidingSessionMiddleware
# slides the expiry, writing the session at most once a minute (not SESSION_SAVE_EVERY_REQUEST,
# which wrote it on every request).
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_COOKIE_HTTPONLY = True

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.smtp.EmailBackend"
        if env("EMAIL_HOST", default="")
        else "django.core.mail.backends.console.EmailBackend"
    ),
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="WorkWell NST <no-reply@workwell.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://127.0.0.1:8000")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
MEDIA_URL = "/media/"

# Content Security Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Celery: Redis broker when configured, otherwise tasks run eagerly in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Time limits stay well below Redis's visibility timeout, so a task is never redelivered to a
# second worker while the first is still running it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TASK_SOFT_TIME_LIMIT = 10 * 60
CELERY_TASK_TIME_LIMIT = 15 * 60
CELERY_RESULT_EXPIRES = 24 * 60 * 60
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    # Each RM's digest of overdue contacts and actions coming due, before the working day.
    "send-rm-digests": {
        "task": "vanguards.tasks.send_rm_digests",
        "schedule": crontab(hour=7, minute=0),  # CELERY_TIMEZONE: Europe/London
    },
    # Remind vanguards whose self-assessment is still a draft, 7 days and 1 day before closing.
    "send-assessment-reminders": {
        "task": "maturity.tasks.send_assessment_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    # Remind each person with a place at a network event, once, two days before it starts.
    "send-event-reminders": {
        "task": "learning.tasks.send_event_reminders",
        "schedule": crontab(minute=15),  # hourly
    },
    # Open the quarter's pulse survey when its last month starts, ask every member once,
    # remind non-responders once after 7 days, close it when the quarter ends.
    "run-pulse-survey": {
        "task": "feedback.tasks.run_pulse_survey",
        "schedule": crontab(hour=9, minute=0),
    },
    # Close concerns nobody replied to within 10 working days of the response, then tell
    # each RM lead which concerns are overdue.
    "close-unanswered-concerns": {
        "task": "feedback.tasks.close_unanswered_concerns",
        "schedule": crontab(hour=6, minute=30),
    },
    "send-concern-digests": {
        "task": "feedback.tasks.send_concern_digests",
        "schedule": crontab(hour=7, minute=5),
    },
    # Each person's email of the peer exchange's new questions in the themes they follow.
    "send-exchange-digests": {
        "task": "learning.tasks.send_exchange_digests",
        "schedule": crontab(hour=7, minute=10),
    },
    # Remind vanguards about the return being collected: 5 working days before it is due, on
    # the day, and once when overdue.
    "send-return-reminders": {
        "task": "reporting.tasks.send_return_reminders",
        "schedule": crontab(hour=8, minute=30),
    },
    # Rebuild documents whose worker died mid-build, and re-send requests whose message Redis
    # lost (workwell/documents.py documents_recover).
    "recover-documents": {
        "task": "workwell.tasks.recover_documents",
        "schedule": crontab(),  # every minute
    },
    # Forget the keys of forms sent over a day ago (workwell/submissions.py).
    "forget-form-submissions": {
        "task": "workwell.tasks.forget_form_submissions",
        "schedule": crontab(hour=4, minute=0),
    },
    # Snapshot each closed quarter once its returns are due (its first revision only).
    "build-due-snapshots": {
        "task": "reporting.tasks.build_due_snapshots",
        "schedule": crontab(hour=5, minute=30),
    },
}


# The read-only data API (/api/v1/, the `api` app; README "Data API"). Personal tokens in an
# `Authorization: Bearer` header; a signed-in browser may GET too (the API has no unsafe
# methods, so CSRF never comes into it). Every list is JSON or CSV, cursor-paginated.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "api.authentication.ReadOnlySessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "api.formats.CSVRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.formats.ContentNegotiation",
    "DEFAULT_PAGINATION_CLASS": "api.pagination.CursorPagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env("API_RATE_LIMIT", default="120/minute")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "WorkWell National Support Portal data API",
    "DESCRIPTION": "Read-only programme data for analysts and BI tools. Each list returns "
    "exactly what the token's owner may see in the portal.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Like every page but sign-in, the schema is for signed-in people and token holders.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}
# Personal API tokens: how long one lasts, chosen by its owner from these (days).
API_TOKEN_EXPIRY_DAYS = (7, 30, 90, 365)
API_TOKEN_DEFAULT_EXPIRY_DAYS = 90
# Live (unrevoked, unexpired) tokens one person may hold; each has its own rate limit.
API_TOKENS_PER_PERSON = 10


DEMO_PASSWORD = env("DEMO_PASSWORD", default="workwell-demo")

# Structured logs (workwell/logs.py): readable lines here, JSON in production (LOG_FORMAT).
# Every request is logged once by RequestLogMiddleware, without query strings or form contents.
LOG_FORMAT = env("LOG_FORMAT", default="readable")
LOGGING = logging_config(fmt=LOG_FORMAT, level=env("LOG_LEVEL", default="INFO"))
# Celery workers keep this LOGGING rather than replacing the root logger's handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
