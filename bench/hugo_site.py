"""The benchmark archive as a Hugo site shaped like Flames: the second Hugo baseline.

The plain baseline in bench_export.py builds as many pages of the export's average
size from one trivial template: the fastest Hugo can be. This one gives Hugo the
work the export does, from the same database: every published episode in English
and Ukrainian (a page, an embed page, JSON-LD, neighbours), people, topics and
organizations as taxonomies (paginated term pages with an RSS and an Atom feed
each, biographies for people), the paginated archive and people directory,
hreflang alternates, and a sitemap per language. What it leaves out: oEmbed JSON
and thumbnails (Hugo has no way to draw an image per page) and calendars.

Call ``write_site(folder)`` after the archive is built, then run ``hugo`` in it.
"""

import json
from pathlib import Path

CONFIG = """baseURL = "https://hugo.example/"
title = "Ukraine in Flames"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
paginate = 24
disableKinds = ["robotsTXT", "404"]

[languages.en]
weight = 1
languageName = "English"
contentDir = "content/en"

[languages.uk]
weight = 2
languageName = "Українська"
contentDir = "content/uk"
title = "Україна в огні"

[taxonomies]
person = "people"
topic = "topics"
organization = "organizations"

[services.rss]
limit = 30

[mediaTypes."application/atom+xml"]
suffixes = ["xml"]

[outputFormats.Atom]
mediaType = "application/atom+xml"
baseName = "atom"

[outputFormats.Embed]
mediaType = "text/html"
baseName = "embed"
isHTML = true

[outputs]
page = ["HTML", "Embed"]
term = ["HTML", "RSS", "Atom"]
section = ["HTML", "RSS"]
home = ["HTML", "RSS"]

[params]
footer = "UKRAINE IN FLAMES is produced by Ukraine Crisis Media Center with partner organisations."
"""

I18N = {
    "en": {
        "skip": "Skip to content",
        "episodes": "Episodes",
        "people": "People",
        "topics": "Topics",
        "organizations": "Organizations",
        "speakers": "Speakers",
        "watch": "Watch the video",
        "previous": "Previous episode",
        "next": "Next episode",
        "kyiv": "(Kyiv time)",
        "search": "Search the archive",
    },
    "uk": {
        "skip": "Перейти до змісту",
        "episodes": "Епізоди",
        "people": "Люди",
        "topics": "Теми",
        "organizations": "Організації",
        "speakers": "Спікери",
        "watch": "Дивитися відео",
        "previous": "Попередній епізод",
        "next": "Наступний епізод",
        "kyiv": "(за київським часом)",
        "search": "Пошук в архіві",
    },
}

BASEOF = """<!doctype html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} — {{ .Site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 200 }}">
<link rel="stylesheet" href="{{ "site.css" | absURL }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" \
href="{{ .Permalink }}">
{{ end }}{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" \
href="{{ .Permalink }}">
{{ end }}<meta property="og:site_name" content="{{ .Site.Title }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<meta property="og:locale" content="{{ .Language.Lang }}">
</head>
<body>
<a class="skip" href="#content">{{ i18n "skip" }}</a>
<header class="site-header"><div class="wrap">
<a class="brand" href="{{ "" | relLangURL }}">{{ .Site.Title }}</a>
<nav aria-label="Main"><ul>
<li><a href="{{ "episodes/" | relLangURL }}">{{ i18n "episodes" }}</a></li>
<li><a href="{{ "people/" | relLangURL }}">{{ i18n "people" }}</a></li>
<li><a href="{{ "topics/" | relLangURL }}">{{ i18n "topics" }}</a></li>
<li><a href="{{ "organizations/" | relLangURL }}">{{ i18n "organizations" }}</a></li>
</ul></nav>
<form class="site-search" role="search" action="{{ "search/" | relLangURL }}">
<label for="q">{{ i18n "search" }}</label><input id="q" type="search" name="q"></form>
<ul class="languages">{{ range .Translations }}<li><a href="{{ .RelPermalink }}" \
hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul>
</div></header>
<main id="content" class="wrap">{{ block "main" . }}{{ end }}</main>
<footer class="site-footer"><div class="wrap"><p>{{ .Site.Params.footer }}</p>
<p class="feeds">{{ with .OutputFormats.Get "RSS" }}<a href="{{ .RelPermalink }}">RSS</a>\
{{ end }}</p>
</div></footer>
</body>
</html>
"""

SINGLE = """{{ define "main" }}<article class="episode">
<header><p class="meta">{{ with .Params.number }}<span class="number">#{{ . }}</span>{{ end }}
<time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">\
{{ .Date.Format "2 January 2006, 15:04" }}</time> {{ i18n "kyiv" }}</p>
<h1>{{ .Title }}</h1></header>
{{ with .Params.youtube }}<div class="player"><a class="player-link" \
href="https://www.youtube.com/watch?v={{ . }}">{{ i18n "watch" }}</a></div>{{ end }}
<div class="summary">{{ .Content }}</div>
<section><h2>{{ i18n "speakers" }}</h2><ol class="speakers">\
{{ range $i, $person := .GetTerms "people" }}<li><a href="{{ $person.RelPermalink }}">\
{{ $person.Title }}</a>{{ with index $.Params.roles $i }}, <span class="role">{{ . }}</span>\
{{ end }}</li>{{ end }}</ol></section>
<section><h2>{{ i18n "topics" }}</h2><ul class="tags">{{ range .GetTerms "topics" }}\
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></section>
<nav class="neighbours">{{ with .NextInSection }}<a rel="prev" href="{{ .RelPermalink }}">\
<span>{{ i18n "previous" }}</span> {{ .Title }}</a>{{ end }}{{ with .PrevInSection }}\
<a rel="next" href="{{ .RelPermalink }}"><span>{{ i18n "next" }}</span> {{ .Title }}</a>\
{{ end }}</nav>
</article>
<script type="application/ld+json">{{ dict "@context" "https://schema.org" "@type" "Episode" \
"name" .Title "url" .Permalink "datePublished" (.Date.Format "2006-01-02T15:04:05-07:00") \
"episodeNumber" .Params.number "actor" .Params.names | jsonify | safeJS }}</script>
{{ end }}
"""

EMBED = """<!doctype html>
<html lang="{{ .Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Title }} — {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "embed.css" | absURL }}">\
<link rel="canonical" href="{{ .Permalink }}"></head>
<body><a class="embed" href="{{ .Permalink }}" target="_blank">\
<span class="series">{{ .Site.Title }}</span> <strong>{{ .Title }}</strong>
<span class="meta">{{ with .Params.number }}#{{ . }} {{ end }}\
{{ .Date.Format "2 January 2006" }}</span>
<span class="speakers">{{ delimit .Params.names ", " }}</span></a></body></html>
"""

ITEMS = """<ul class="episodes">{{ range .Paginator.Pages }}<li class="episode-item">
<p class="meta">{{ with .Params.number }}<span class="number">#{{ . }}</span> {{ end }}\
<time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">\
{{ .Date.Format "2 January 2006" }}</time></p>
<h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="speakers">{{ delimit .Params.names ", " }}</p></li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}"""

LIST = '{{ define "main" }}<h1>{{ .Title }}</h1>\n' + ITEMS + "{{ end }}\n"
TERM = '{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}\n' + ITEMS + "{{ end }}\n"
TAXONOMY = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul class="people">{{ range (.Paginate .Pages.ByTitle 130).Pages }}\
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>
{{ template "_internal/pagination.html" . }}{{ end }}
"""
HOME = """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
<ul class="episodes">{{ range first 24 (where .Site.RegularPages "Section" "episodes") }}\
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""
ATOM = """{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ .Language.Lang }}">
<title>{{ .Site.Title }}: {{ .Title }}</title><link href="{{ .Permalink }}"/>
<id>{{ .Permalink }}</id><updated>{{ .Date.Format "2006-01-02T15:04:05-07:00" }}</updated>
{{ range first 30 .Pages }}<entry><title>{{ .Title }}</title><link href="{{ .Permalink }}"/>
<id>{{ .Permalink }}</id><updated>{{ .Date.Format "2006-01-02T15:04:05-07:00" }}</updated>
<summary type="html">{{ .Summary }}</summary></entry>
{{ end }}</feed>
"""

LAYOUTS = {
    "_default/baseof.html": BASEOF,
    "_default/single.html": SINGLE,
    "_default/single.embed.html": EMBED,
    "_default/list.html": LIST,
    "_default/term.html": TERM,
    "_default/taxonomy.html": TAXONOMY,
    "_default/term.atom.xml": ATOM,
    "index.html": HOME,
}


def write_site(folder: Path) -> None:
    """Write the Hugo site of every published episode, person, topic and organization."""
    from django.utils import timezone

    from flames.episodes.models import Appearance, Episode, Topic
    from flames.people.models import Organization, Person, Position

    for name, text in LAYOUTS.items():
        path = folder / "layouts" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (folder / "i18n").mkdir(parents=True, exist_ok=True)
    for language, strings in I18N.items():
        lines = [f'{key} = "{value}"' for key, value in strings.items()]
        (folder / "i18n" / f"{language}.toml").write_text("\n".join(lines) + "\n")
    (folder / "config.toml").write_text(CONFIG)

    panels: dict[int, list] = {}
    for appearance in Appearance.objects.select_related("person").order_by("episode", "order"):
        panels.setdefault(appearance.episode_id, []).append(appearance)
    organizations: dict[int, set] = {}
    for position in Position.objects.exclude(organization=None).select_related("organization"):
        organizations.setdefault(position.person_id, set()).add(position.organization.slug)
    topics = {topic.pk: topic for topic in Topic.objects.all()}
    episode_topics: dict[int, list] = {}
    for link in Episode.topics.through.objects.all():
        episode_topics.setdefault(link.episode_id, []).append(topics[link.topic_id])

    for language in ("en", "uk"):
        content = folder / "content" / language
        episodes = content / "episodes"
        episodes.mkdir(parents=True)
        for episode in Episode.objects.published().exclude(air_time=None):
            panel = panels.get(episode.pk, [])
            front = {
                "title": (episode.title_uk if language == "uk" else "") or episode.title,
                "date": timezone.localtime(episode.air_time).isoformat(),
                "slug": episode.slug,
                "number": episode.number,
                "youtube": episode.youtube_id,
                "people": [a.person.slug for a in panel],
                "names": [a.person.name for a in panel],
                "roles": [
                    (a.announced_as_uk if language == "uk" else "") or a.announced_as for a in panel
                ],
                "topics": [topic.slug for topic in episode_topics.get(episode.pk, [])],
                "organizations": sorted(
                    {slug for a in panel for slug in organizations.get(a.person_id, ())}
                ),
            }
            summary = (episode.summary_uk if language == "uk" else "") or episode.summary
            (episodes / f"{episode.slug}.md").write_text(f"{json.dumps(front)}\n\n{summary}\n")
        for person in Person.objects.all():
            _term(content / "people" / person.slug, person.name, person.bio)
        for topic in topics.values():
            name = (topic.name_uk if language == "uk" else "") or topic.name
            _term(content / "topics" / topic.slug, name, topic.description)
        for organization in Organization.objects.all():
            _term(content / "organizations" / organization.slug, organization.name, "")


def _term(folder: Path, title: str, text: str) -> None:
    folder.mkdir(parents=True)
    (folder / "_index.md").write_text(f"{json.dumps({'title': title})}\n\n{text}\n")
