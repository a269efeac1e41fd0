from django.shortcuts import render

from flames.episodes.selectors import current_series
from flames.support.selectors import active_calls_to_action
from flames.web.pagecache import public_page
from flames.web.pages import found_or_404


@public_page
def how_to_help(request):
    series = found_or_404(current_series())
    return render(
        request,
        "support/how_to_help.html",
        {"series": series, "calls_to_action": active_calls_to_action(series)},
    )
