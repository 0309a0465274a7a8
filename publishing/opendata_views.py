from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from members.models import Body
from publishing import opendata


def _json(request, document: dict, last_modified) -> HttpResponse:
    content, etag = opendata.encoded(document)
    stamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=stamp)
    response = not_modified or HttpResponse(content, content_type="application/json")
    response["ETag"] = etag
    if stamp:
        response["Last-Modified"] = http_date(stamp)
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=300)
    return response


@login_not_required
@require_GET
def meeting(request, pk: int):
    found = opendata.published_meetings().filter(pk=pk).first()
    if found is None:
        raise Http404("No published minutes here.")
    return _json(
        request, opendata.meeting_document(found, request.build_absolute_uri), found.updated_at
    )


@login_not_required
@require_GET
def body(request, slug: str):
    found = get_object_or_404(Body, slug=slug, publishes_minutes=True)
    latest = opendata.published_meetings(found).aggregate(at=Max("updated_at"))["at"]
    return _json(request, opendata.body_index(found, request.build_absolute_uri), latest)


class PublishedMinutesFeed(Feed):
    """Newly published minutes, newest first (their public edition)."""

    feed_type = Atom1Feed
    title = "IAG Portal: published minutes"
    subtitle = "The public edition of minutes as they are published."

    def link(self):
        return reverse("reviews:archive")

    def items(self):
        return opendata.published_meetings().order_by("-updated_at")[:50]

    def item_title(self, item):
        return f"{item.body.name}: minutes of {item.date:%-d %B %Y}"

    def item_description(self, item):
        return item.topic or "The public edition of the minutes."

    def item_link(self, item):
        return reverse("publishing:public_print", args=[item.pk])

    def item_guid(self, item):
        return reverse("opendata:meeting", args=[item.pk])

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.updated_at


feed = login_not_required(PublishedMinutesFeed())
