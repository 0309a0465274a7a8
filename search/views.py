from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from search.backends import highlight
from search.forms import SearchForm
from search.queries import COUNT_CAP, PAGE_SIZE, capped_count, result_link, search


@login_not_required
@require_GET
def index(request):
    """Search the minutes the reader may read; anonymous visitors search the public
    edition of published minutes. With htmx, only the results are sent back."""
    form = SearchForm(request.GET or None, user=request.user)
    context = {
        "form": form,
        "results": [],
        "searched": False,
        "theme_bodies": _theme_bodies(request.user),
    }
    if form.is_bound and form.is_valid() and not form.filters().empty:
        filters = form.filters()
        found = search(request.user, filters).select_related("meeting__body")
        count, more = capped_count(found)
        # Pages reach as far as the capped count: never a full count.
        paginator = Paginator(range(count), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        rows = list(found[page.start_index() - 1 : page.end_index()]) if count else []
        context.update(
            searched=True,
            count=count,
            more=more,
            cap=COUNT_CAP,
            page=page,
            results=[
                {
                    "document": row,
                    "url": result_link(request.user, row),
                    "snippet": highlight(getattr(row, "snippet", None) or row.text[:300]),
                }
                for row in rows
            ],
            query_string=_without_page(request.GET),
        )
    template = "search/index.html#results" if request.htmx else "search/index.html"
    response = render(request, template, context)
    patch_cache_control(response, private=True, no_store=True)
    return response


def _without_page(params) -> str:
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def _theme_bodies(user):
    """The bodies whose theme pages the user may open (a link each on the page)."""
    from members import permissions
    from members.models import Body
    from members.permissions import Perm

    bodies = permissions.bodies_where(user, Perm.VIEW_MEETING)
    found = Body.objects.all() if bodies is None else Body.objects.filter(pk__in=bodies)
    return (
        found.order_by("name") if getattr(user, "is_authenticated", False) else Body.objects.none()
    )
