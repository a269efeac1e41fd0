"""Feeds, calendars and embeds, under each language prefix (/en/, /uk/)."""

from django.urls import path

from flames.publishing import feeds, podcast, views

app_name = "publishing"
urlpatterns = [
    path("feeds/episodes.rss", feeds.EpisodeFeed.as_view(), name="episodes_rss"),
    path("feeds/episodes.atom", feeds.EpisodeAtomFeed.as_view(), name="episodes_atom"),
    path("feeds/topics/<slug:slug>.rss", feeds.TopicFeed.as_view(), name="topic_rss"),
    path("feeds/topics/<slug:slug>.atom", feeds.TopicAtomFeed.as_view(), name="topic_atom"),
    path("feeds/people/<str:slug>.rss", feeds.PersonFeed.as_view(), name="person_rss"),
    path("feeds/people/<str:slug>.atom", feeds.PersonAtomFeed.as_view(), name="person_atom"),
    path("feeds/podcast.rss", podcast.PodcastFeed.as_view(), name="podcast"),
    path("feeds/calendar.ics", views.calendar_feed, name="calendar"),
    path("episodes/<str:slug>/calendar.ics", views.episode_calendar, name="episode_calendar"),
    path("episodes/<str:slug>/embed/", views.embed, name="embed"),
]
