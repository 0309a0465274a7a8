import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iag_portal.settings")
django_application = get_wsgi_application()

from django.urls import get_resolver  # noqa: E402  (after django.setup)

from iag_portal.health import HealthCheckApplication  # noqa: E402

# What every worker's first request would import (the URLconf imports each app's views,
# and they the PDF, Word, search and import modules: about 2 s here) is imported now,
# once. gunicorn preloads this module in its master (gunicorn.conf.py), so a worker
# forked at start or after max_requests answers its first request at once, not after a
# pause longer than a load balancer or wrk waits. No database connection is opened.
get_resolver().reverse_dict  # noqa: B018  (imports the URLconf and views; readies reverse())

application = HealthCheckApplication(django_application)
