"""gunicorn's settings for IAG Portal: `gunicorn -c gunicorn.conf.py iag_portal.wsgi`.

Every value can be overridden from the environment (GUNICORN_*), or on the command line.
Sync workers: Django's views are synchronous and slow work goes to the task worker
(`manage.py db_worker`), so a request never holds a worker for long.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name}={value!r} is not a whole number.") from None


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# The usual rule for sync workers, 2 per core plus one, capped so a big machine
# does not open more database connections than the database allows.
workers = _int("GUNICORN_WORKERS", min(multiprocessing.cpu_count() * 2 + 1, 12))
threads = _int("GUNICORN_THREADS", 1)
# Each worker restarts after about this many requests (jitter spreads the restarts),
# so memory a big page took is given back to the machine.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 100)
# A request still running after this long is killed and its worker replaced.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# Behind a load balancer that keeps connections open.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Loading the app before forking shares its memory between workers; Django opens no
# database connection at import, so nothing is shared that should not be.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") not in {"0", "false", "no"}
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# The request line and status, never the query string's values or any body.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# Behind the reverse proxy: trust its X-Forwarded-* headers (DJANGO_BEHIND_PROXY).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def pre_fork(server, worker):
    """Freeze the preloaded app's objects before each fork: a worker's garbage collector
    then never walks (and so never copies, page by page) the master's 160,000 objects,
    and a worker replaced after max_requests exits in a fraction of the time."""
    import gc

    gc.freeze()


def worker_exit(server, worker):
    """A worker that ends normally (max_requests, or a graceful stop) leaves at once:
    its connections closed and its logs flushed, without the interpreter's teardown of
    every module (a few tenths of a second of CPU per replaced worker, once per ~1,000
    requests). Any other exit (a boot or import error the master must see) is left as is."""
    import logging
    import sys

    error = sys.exc_info()[1]
    if not (isinstance(error, SystemExit) and error.code == 0 and worker.booted):
        return
    if worker.cfg.threads > 1:
        return  # other threads' database connections: left to the interpreter's teardown
    from django.db import connections

    connections.close_all()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
