"""Gunicorn settings for `make run`, the systemd unit and the container (deploy/README.md).

Sync workers: each serves one request at a time and holds one persistent database connection,
so the connection count is fixed by WEB_CONCURRENCY however large a burst is; a burst waits in
the listen backlog (and the proxy's queue) instead of opening connections.
"""

import json
import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Gunicorn's rule of thumb for sync workers: two per core plus one.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
backlog = int(os.environ.get("GUNICORN_BACKLOG", "2048"))
# PDF posters and CSV exports are the slowest pages; past this the worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak in a library never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# Only the proxy on this host may say the request came over https (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No runtime control socket: unused here, and several servers on one host would share its path.
control_socket_disable = True

# Access log as JSON lines without the client address or user agent (personal data): method,
# path without the query string, status, size, duration and the request id Django assigned.
accesslog = "-"
access_log_format = json.dumps(
    {
        "time": "%(t)s",
        "logger": "gunicorn.access",
        "method": "%(m)s",
        "path": "%(U)s",
        "status": "%(s)s",
        "bytes": "%(B)s",
        "duration_ms": "%(M)s",
        "request_id": "%({x-request-id}o)s",
    }
)
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "desabinaan.core.requestid.JsonLogFormatter"},
        "access": {"format": "%(message)s"},
    },
    "filters": {"request_id": {"()": "desabinaan.core.requestid.RequestIdLogFilter"}},
    "handlers": {
        "error": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id"],
            "stream": "ext://sys.stderr",
        },
        "access": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"handlers": ["error"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["error"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
    },
}
