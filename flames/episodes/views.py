from django.shortcuts import render

from flames.episodes import selectors
from flames.support.selectors import active_calls_to_action, calls_to_action_for
from flames.transcripts import selectors as transcripts
from flames.web.pagecache import public_page
from flames.web.pages import found_or_404


@public_page
def home(request):
    series = found_or_404(selectors.current_series())
    upcoming, latest = selectors.home_episodes()
    return render(
        request,
        "episodes/home.html",
        {
            "series": series,
            "site_series": series,  # the frame's series, already read
            "upcoming": upcoming,
            "latest": latest,
            "partnerships": selectors.partners_on(series),
            "calls_to_action": active_calls_to_action(series),
        },
    )


@public_page(params=("page", "topic", "year"))
def episode_list(request):
    filters = selectors.episode_filters(
        topic_slug=request.GET.get("topic", ""), year=request.GET.get("year", "")
    )
    return render(
        request,
        "episodes/episode_list.html",
        {
            "page": selectors.episode_page(filters=filters, page_number=request.GET.get("page")),
            "filters": filters,
            "topics": selectors.topics_in_use(),
            "years": selectors.archive_years(),
        },
    )


@public_page
def episode_detail(request, slug):
    can_preview = request.user.has_perm("episodes.view_episode")
    episode = found_or_404(
        selectors.episode_for_reader(
            slug=slug,
            can_preview=can_preview,
            annotations={"has_transcript": transcripts.has_transcript()},
        )
    )
    if episode.has_transcript:
        transcripts.with_transcripts_for_page(episode)
    previous, following = selectors.neighbours(episode)
    return render(
        request,
        "episodes/episode_detail.html",
        {
            "episode": episode,
            "site_series": episode.series,  # the frame's series, already read
            "partnerships": selectors.partners_on(episode.series, episode.air_date),
            "calls_to_action": calls_to_action_for(episode),
            "previous": previous,
            "next": following,
        },
    )


@public_page
def topic_list(request):
    return render(request, "episodes/topic_list.html", {"topics": selectors.topics_with_counts()})


@public_page(params=("page",))
def topic_detail(request, slug):
    topic = found_or_404(selectors.topic_by_slug(slug))
    filters = selectors.EpisodeFilters(topic=topic, year=None)
    return render(
        request,
        "episodes/topic_detail.html",
        {
            "topic": topic,
            "page": selectors.episode_page(filters=filters, page_number=request.GET.get("page")),
            "speakers": selectors.frequent_speakers_on(topic),
        },
    )


@public_page
def about(request):
    series = found_or_404(selectors.current_series())
    return render(
        request,
        "episodes/about.html",
        {
            "series": series,
            "site_series": series,  # the frame's series, already read
            "partnerships": selectors.all_partnerships(series),
        },
    )
