from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from iag_portal.home import build_home


@login_not_required
@require_GET
def healthz(request):
    """For the load balancer: the app runs and its database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def home(request):
    """The first page after sign-in: what waits for this person (iag_portal.home)."""
    return render(request, "home.html", {"home": build_home(request.user)})
