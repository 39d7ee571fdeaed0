"""Settings for the Theranostics website.

Every value that differs between a laptop and production is read from the
environment here and nowhere else; `.env.example` lists them all and the README
explains each. Development gets safe embedded defaults (SQLite, console email,
a local task worker). With DJANGO_DEBUG off, missing secrets stop start-up.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from dotenv import load_dotenv

from genesis_site.mail_url import mailer_from_url

BASE_DIR = Path(__file__).resolve().parent.parent

# A developer's `.env` (made by `make`) fills in what the real environment does
# not set; real environment variables always win.
load_dotenv(BASE_DIR / ".env", override=False)


def env_str(name: str, default: str = "") -> str:
    """The variable's value, or ``default`` when it is unset or empty."""
    return (os.environ.get(name) or default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name)
    if not value:
        return default
    return value.lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_required(name: str, why: str) -> str:
    value = env_str(name)
    if not value:
        raise ImproperlyConfigured(f"{name} must be set: {why}")
    return value


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = env_required(
    "DJANGO_SECRET_KEY",
    "use a long random string (run `make .env` for a development one)",
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off, e.g. www.example.org"
    )

# Absolute links in emails and structured data point here.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- The clinic: data, not template text, so another clinic can run the site. ---
CLINIC = {
    "name": env_str("CLINIC_NAME", "GenesisCare"),
    "service_name": env_str("CLINIC_SERVICE_NAME", "GenesisCare Theranostics"),
    "phone": env_str("CLINIC_PHONE", "01753 465 493"),
    "email": env_str("CLINIC_EMAIL", "theranostics@example.org"),
}
CLINIC |= {
    # Named by the privacy notice: who decides how personal data is used, and whom to ask.
    "data_controller": env_str("CLINIC_DATA_CONTROLLER", CLINIC["name"]),
    "data_protection_email": env_str("CLINIC_DPO_EMAIL", CLINIC["email"]),
}

INSTALLED_APPS = [
    # The admin with a two-factor gate for staff (genesis_site.admin.StaffAdminSite).
    "genesis_site.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "genesis_site",
    "outbox",
    "editorial",
    "glossary",
    "therapies",
    "centres",
    "pages",
    "aftercare",
    "enquiries",
    "search",
]

MIDDLEWARE = [
    # First: a stored public page for an anonymous visitor is answered before anything else
    # runs, with the headers the rest of this list gave it (genesis_site/page_cache.py).
    "genesis_site.page_cache.AnonymousPageCacheMiddleware",
    # Next, so everything logged while a request runs can have its personal data redacted.
    "genesis_site.privacy.PersonalDataScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Answers /healthz before ALLOWED_HOSTS is checked: load balancers probe by IP.
    "genesis_site.health.HealthCheckMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF, the first to read a form's body.
    "genesis_site.middleware.Utf8FormsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "genesis_site.middleware.StaffSessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "genesis_site.middleware.AdminNoStoreMiddleware",
    # Last, as django-axes requires, so it sees the outcome of every login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "genesis_site.urls"
WSGI_APPLICATION = "genesis_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "genesis_site.context_processors.clinic",
                "genesis_site.context_processors.breadcrumbs",
            ],
        },
    },
]

# --- Database: SQLite by default, PostgreSQL with DATABASE_URL=postgres://... ---
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env_str("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers and the task worker write at once: WAL lets readers
    # carry on during a write, IMMEDIATE takes the write lock at BEGIN so two
    # writers queue on the busy timeout instead of failing mid-transaction,
    # synchronous=FULL syncs every commit to disk before a patient sees their
    # reference (NORMAL can lose the last commits in a power cut; cost in
    # bench/RESULTS.md), and secure_delete overwrites erased personal data in the file.
    # Connections are kept like PostgreSQL's (DATABASE_CONN_MAX_AGE): opening one and
    # running these pragmas cost more than the queries of a whole page.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": int(env_str("SQLITE_BUSY_TIMEOUT_SECONDS", "20")),
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=FULL;"
            "PRAGMA secure_delete=ON;"
            "PRAGMA foreign_keys=ON;"
        ),
    }

# --- Cache: a shared store so page caches hold across workers. ---
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": BASE_DIR / "var" / "cache",
        }
    }
# Entries that enforce a rule ("one answer a day"), apart from the page cache: a full
# default cache drops its oldest entries, and anyone can fill it with page requests.
# In the database, shared by every node and kept across restarts (Redis may evict or
# lose keys). The table is made by migration genesis_site 0001.
CACHES["rules"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "genesis_rules_cache",
    # Django culls (expired entries first) only past this many: far more than a day brings.
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}

# Public content pages are served to anonymous visitors from the cache for up to this
# many seconds (genesis_site/page_cache.py); publishing a change empties it at once.
# The limit bounds time-dependent text such as a centre's "Open now". 0 turns it off,
# the default with DEBUG on so template edits show straight away.
PAGE_CACHE_SECONDS = int(env_str("PAGE_CACHE_SECONDS", "0" if DEBUG else "60"))

# --- Background tasks: a durable queue in the database, run by `manage.py run_worker`. ---
# One backend, in the database the site already has: PostgreSQL serves several worker
# machines at once, and every privacy operation finds the task records (README, "Workers").
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# /healthz reports the queue as stuck when a task has waited longer than this, the worker
# as stopped when none has looked for work for this long, and email as delayed when one
# queued this long ago is still unsent.
HEALTHZ_STUCK_TASK_MINUTES = int(env_str("HEALTHZ_STUCK_TASK_MINUTES", "15"))
HEALTHZ_WORKER_SILENT_MINUTES = int(env_str("HEALTHZ_WORKER_SILENT_MINUTES", "2"))
HEALTHZ_EMAIL_WAITING_MINUTES = int(env_str("HEALTHZ_EMAIL_WAITING_MINUTES", "10"))

# --- Email ---
EMAIL_TIMEOUT_SECONDS = float(env_str("EMAIL_TIMEOUT_SECONDS", "10"))
# Production says where email goes: console email, the development default, would print
# every patient's name and address into the server log (gunicorn refuses it: mail.E001).
EMAIL_URL = env_str("EMAIL_URL", "console://" if DEBUG else "")
if not EMAIL_URL:
    raise ImproperlyConfigured(
        "EMAIL_URL must be set when DJANGO_DEBUG is off, e.g. "
        "smtp+tls://user:password@mail.example.org:587 (console:// prints every email, "
        "with patients' names and addresses, into the server log)"
    )
MAILERS = {"default": mailer_from_url(EMAIL_URL, timeout=EMAIL_TIMEOUT_SECONDS)}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Theranostics <no-reply@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Failed emails are retried after 1, 2, 4... minutes, at most an hour apart, and marked
# failed (for staff to resend from admin) after this many attempts: about a day.
EMAIL_RETRY_SECONDS = int(env_str("EMAIL_RETRY_SECONDS", "60"))
EMAIL_RETRY_MAX_SECONDS = int(env_str("EMAIL_RETRY_MAX_SECONDS", "3600"))
EMAIL_MAX_ATTEMPTS = int(env_str("EMAIL_MAX_ATTEMPTS", "30"))

# --- Enquiries: the response promise, where enquiries are notified, spam limits. ---
# Every enquiry is due a first response this many hours after it arrives (stored in UTC,
# shown in Europe/London); the triage queue turns amber this many hours before it is due.
ENQUIRY_RESPONSE_HOURS = int(env_str("ENQUIRY_RESPONSE_HOURS", "24"))
ENQUIRY_DUE_SOON_HOURS = int(env_str("ENQUIRY_DUE_SOON_HOURS", "4"))
# The triage inbox: told about every enquiry for a centre without its own inbox, and
# about enquiries due soon or overdue (`manage.py check_enquiry_sla`).
ENQUIRY_TRIAGE_EMAIL = env_str("ENQUIRY_TRIAGE_EMAIL", CLINIC["email"])
# The triage mailbox's IMAP login, from which `manage.py fetch_enquiry_replies` (cron)
# puts enquirers' answers on their enquiries: imaps://user:password@host/INBOX.
IMAP_URL = env_str("IMAP_URL")
# At most this many enquiries per client address per window, counted in the database so
# the limit holds across every gunicorn worker.
ENQUIRY_RATE_LIMIT = int(env_str("ENQUIRY_RATE_LIMIT", "5"))
ENQUIRY_RATE_LIMIT_MINUTES = int(env_str("ENQUIRY_RATE_LIMIT_MINUTES", "10"))
# A person needs longer than this to fill in the form; faster submissions are bots.
ENQUIRY_MIN_FILL_SECONDS = int(env_str("ENQUIRY_MIN_FILL_SECONDS", "3"))
# A form shown longer ago than this asks to be sent again, so that forms cannot be
# collected in advance to get round the minimum fill time.
ENQUIRY_FORM_TOKEN_HOURS = int(env_str("ENQUIRY_FORM_TOKEN_HOURS", "24"))
# Stored with each enquiry's consent. Change it whenever the consent wording in
# enquiries/forms.py changes, so we can show what each person agreed to.
ENQUIRY_CONSENT_VERSION = env_str("ENQUIRY_CONSENT_VERSION", "2026-11")
# UK GDPR storage limitation: `manage.py apply_enquiry_retention` (cron, nightly) erases
# the enquirer's details, emails, notes and task records this many days after an
# enquiry is closed or marked as spam, keeping only what the response report counts.
ENQUIRY_RETENTION_DAYS = int(env_str("ENQUIRY_RETENTION_DAYS", "365"))
# Enquiries held as suspected spam (the hidden field filled in, or sent too fast) wait
# this many days for staff to release them; then the same command deletes them.
ENQUIRY_SPAM_RETENTION_DAYS = int(env_str("ENQUIRY_SPAM_RETENTION_DAYS", "30"))

# --- Editorial workflow and clinical governance (therapies/, centres/) ---
# `manage.py send_review_reminders` emails each therapy page's owner, and this inbox too,
# when the page's clinical review is due soon and again when it is overdue.
EDITORIAL_REVIEW_EMAIL = env_str("EDITORIAL_REVIEW_EMAIL", CLINIC["email"])
# "Due soon": this many days or fewer before a page's "next review due" date (the
# reminders, and the review dashboard's list, filter and badges).
EDITORIAL_REVIEW_DUE_SOON_DAYS = 30
# Prescription-only medicine brand names that editors are warned about in patient-facing
# text (UK law forbids advertising them to the public), comma-separated.
EDITORIAL_PRESCRIPTION_BRANDS = env_list("EDITORIAL_PRESCRIPTION_BRANDS", "Lutathera")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files: hashed, compressed and cached for a year by WhiteNoise. ---
# With DEBUG off every page links its files through the manifest `collectstatic` writes
# here: gunicorn refuses to start without it (genesis_site.checks).
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "genesis_site.static_files.RememberedURLsStorage"},
}
# Uploaded photos. Several web nodes need MEDIA_ROOT on shared storage.
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Django serves MEDIA_ROOT itself (genesis_site/urls.py) unless the reverse proxy does.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security: no inline script or style anywhere, so the policy stays strict. ---
# Everything not listed is refused ('none' by default). The nonce in style-src only
# serves the Django admin, which emits a few nonced <style> blocks; our own
# templates use none. https://docs.djangoproject.com/en/6.1/ref/csp/
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent by django-permissions-policy's middleware. Geolocation stays
# available to our own pages for the centres page's "Use my location".
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": ["self"],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
}
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Load balancers probe /healthz over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix makes browsers refuse these cookies unless they are Secure,
    # host-only and path=/, so a sibling subdomain cannot plant or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --- Staff accounts (OWASP ASVS 4.0 level 2, chapters 2 and 3) ---
# The admin's address: a less obvious path keeps it out of drive-by scans.
ADMIN_PATH = env_str("ADMIN_PATH", "admin").strip("/") + "/"
# Staff verify a code from an authenticator app (TOTP) after their password.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = CLINIC["service_name"]
# A device's secret is shown once, at enrolment, and never again in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A staff session ends after this long without a request (each request extends it),
# and in any case this long after signing in.
STAFF_IDLE_TIMEOUT_MINUTES = int(env_str("STAFF_IDLE_TIMEOUT_MINUTES", "30"))
STAFF_SESSION_MAX_HOURS = int(env_str("STAFF_SESSION_MAX_HOURS", "12"))

# Brute-force protection: after 5 wrong passwords for one account from one address,
# that pair is refused with 429 for 15 minutes (every further try restarts the wait).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "genesis_site.admin.locked_out_response"
AXES_CLIENT_IP_CALLABLE = "genesis_site.client.client_address"
# How many reverse proxies of ours append to X-Forwarded-For in front of gunicorn;
# 0 trusts only the socket address.
TRUSTED_PROXY_COUNT = int(env_str("TRUSTED_PROXY_COUNT", "0"))

# A missing variable in one of our templates raises in development (and tests, see
# tests/settings.py) instead of rendering as "" (STYLE.md); production renders "".
# genesis_site/logging.py explains why this lives in logging.
STRICT_TEMPLATE_VARIABLES = DEBUG

# No personal data in logs or error reports: genesis_site/privacy.py explains how.
# Every handler redacts; Django's own loggers reach them through the root logger.
DEFAULT_EXCEPTION_REPORTER = "genesis_site.privacy.PrivateExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "genesis_site.privacy.PrivateExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "missing_template_variables": {
            "()": "genesis_site.logging.MissingVariableFilter",
            "templates_dir": BASE_DIR / "templates",
        },
        "redact_personal_data": {"()": "genesis_site.privacy.RedactPersonalData"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_personal_data"],
        },
        # Django's error emails, sent only if ADMINS is set.
        "mail_admins": {
            "class": "genesis_site.logging.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "redact_personal_data"],
        },
    },
    "loggers": {
        # DEBUG so the filter sees every missing-variable record; it raises or drops each.
        "django.template": {"level": "DEBUG", "filters": ["missing_template_variables"]},
        # Replaces Django's default handlers for "django", which do not redact.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
