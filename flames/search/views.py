from django.shortcuts import render

from flames.episodes.models import Episode
from flames.episodes.selectors import archive_years, topics_in_use
from flames.search import selectors
from flames.web.pagecache import public_page


@public_page(params=("language", "page", "person", "q", "topic", "year"))
def results(request):
    filters = selectors.search_filters(
        topic=request.GET.get("topic", ""),
        year=request.GET.get("year", ""),
        person=request.GET.get("person", ""),
        language=request.GET.get("language", ""),
    )
    text = request.GET.get("q", "")
    return render(
        request,
        "search/results.html",
        {
            "q": text[: selectors.MAX_QUERY_CHARS],
            "search": selectors.search(
                text=text, filters=filters, page_number=request.GET.get("page")
            ),
            "filters": filters,
            "topics": topics_in_use(),
            "years": archive_years(),
            "languages": Episode.Language.choices,
        },
    )
