from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from iag_portal import health
from iag_portal.home import build_home


@login_not_required
@require_GET
def healthz(request):
    """For the load balancer: the app runs and its database answers. Behind gunicorn
    the WSGI application answers it before the middleware (iag_portal.health)."""
    if not health.database_answers():
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@require_GET
def home(request):
    """The first page after sign-in: what waits for this person (iag_portal.home)."""
    return render(request, "home.html", {"home": build_home(request.user)})


@require_POST
def email_preference(request):
    """A person's own choice: emails when minutes are circulated, signed or published."""
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied("Only people in a body receive its emails.")
    person.emails_opted_out = request.POST.get("emails") == "off"
    person.save(update_fields=["emails_opted_out"])
    if person.emails_opted_out:
        messages.success(
            request,
            "You will no longer be emailed about minutes; this page still shows what waits "
            "for you. The officer sees that you asked not to be emailed.",
        )
    else:
        messages.success(request, "You will be emailed when minutes are circulated or agreed.")
    return redirect("home")
