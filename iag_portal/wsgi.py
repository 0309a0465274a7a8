import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iag_portal.settings")
django_application = get_wsgi_application()

from iag_portal.health import HealthCheckApplication  # noqa: E402  (after django.setup)

application = HealthCheckApplication(django_application)
