"""Reads for the search page: filters, ranked results with snippets."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from flames.episodes.models import Episode, Topic
from flames.people.models import Person
from flames.search.backends import Candidate, Facets, backend
from flames.search.documents import facet
from flames.search.highlight import highlight, snippet
from flames.search.models import SearchEntry
from flames.search.query import MAX_QUERY_CHARS, Query, parse_query
from flames.search.ranking import scores
from flames.search.text import KEY_MARK
from flames.transcripts.models import clock
from flames.values import query_values
from flames.web.pagecache import current_version

RESULTS_PER_PAGE = 20
__all__ = ["MAX_QUERY_CHARS", "SearchFilters", "SearchResults", "search", "search_filters"]
# Candidates scored per part (records, passages); see backends for why there is a cap.
CANDIDATES = 200
Kind = SearchEntry.Kind

# Identical searches within this many seconds are answered from Django's cache (shared by
# the app servers when FLAMES_REDIS_URL is set): a crowd, or a script, repeating a query
# costs one search. The key holds the content version, so an edit shows at once.
RESULTS_CACHE_SECONDS = 60

# Tiers, best first: a title match, any other match of an episode, person, organization
# or topic, a passage of a transcript.
TITLE, RECORD, PASSAGE = 0, 1, 2


@dataclass(frozen=True)
class SearchFilters:
    topic: Topic | None = None
    year: int | None = None
    person: Person | None = None
    language: str = ""

    @property
    def facets(self) -> Facets:
        tokens = []
        if self.topic:
            tokens.append(facet("topic", self.topic.pk))
        if self.year:
            tokens.append(facet("year", self.year))
        if self.person:
            tokens.append(facet("person", self.person.pk))
        if self.language:
            tokens.append(facet("lang", self.language))
        return Facets(tuple(tokens))

    @property
    def any(self) -> bool:
        return bool(self.facets.tokens)


def search_filters(*, topic: str = "", year: str = "", person: str = "", language: str = ""):
    """Filters from the page's parameters; values that name nothing are ignored, and so
    is a person the public may not know by name."""
    return SearchFilters(
        topic=Topic.objects.filter(slug=topic).first() if topic else None,
        year=query_values.year(year),
        person=Person.objects.public().filter(slug=person).first() if person else None,
        language=language if language in Episode.Language.values else "",
    )


@dataclass(frozen=True)
class Result:
    entry: SearchEntry
    title: SafeString
    snippet: SafeString

    @property
    def kind(self) -> str:
        return self.entry.get_kind_display()

    @property
    def url(self) -> str:
        return self.entry.get_absolute_url()

    @property
    def timestamp(self) -> str:
        return clock(self.entry.start_ms) if self.entry.is_passage else ""


@dataclass(frozen=True)
class SearchResults:
    query: Query
    page: Page | None  # of Result
    total: int
    capped: bool  # more matches exist than were ranked

    @property
    def results(self) -> list[Result]:
        return list(self.page.object_list) if self.page else []


def search(*, text: str, filters: SearchFilters, page_number=1) -> SearchResults:
    """Ranked results for what a reader typed: titles first, then other matches of
    episodes, people, organizations and topics, then transcript passages."""
    query = parse_query(text)
    if not query:
        return SearchResults(query=query, page=None, total=0, capped=False)
    key = _results_key(query, filters, page_number)
    found = cache.get(key)
    if found is None:
        found = _ranked_page(query, filters, page_number)
        cache.set(key, found, RESULTS_CACHE_SECONDS)
    page, total, capped = found
    # The query is parsed afresh rather than cached: it carries this process's hashes.
    return SearchResults(query=query, page=page, total=total, capped=capped)


def _results_key(query: Query, filters: SearchFilters, page_number) -> str:
    described = repr(
        (
            current_version(),
            get_language(),
            query.text,
            query.terms,
            query.phrases,
            filters.facets.tokens,
            str(page_number),
        )
    )
    return "search:" + hashlib.sha256(described.encode()).hexdigest()


def _ranked_page(query: Query, filters: SearchFilters, page_number) -> tuple[Page, int, bool]:
    engine = backend()
    found = engine.candidates(query, filters.facets, CANDIDATES)
    records, passages = found["records"], found["passages"]
    candidates = [*records, *passages]
    score = dict(zip((c.id for c in candidates), scores(candidates, query), strict=True))
    ranked = sorted(
        candidates,
        key=lambda candidate: (_tier(candidate, query), -score[candidate.id], -candidate.id),
    )
    page = Paginator([candidate.id for candidate in ranked], RESULTS_PER_PAGE).get_page(page_number)
    page.object_list = _results(list(page.object_list), query)
    return page, len(ranked), len(records) >= CANDIDATES or len(passages) >= CANDIDATES


def _tier(candidate: Candidate, query: Query) -> int:
    if candidate.kind == Kind.PASSAGE:
        return PASSAGE
    title = candidate.title_terms
    # A person's name keys count as their title: "Ohryzko" is Ogryzko's name.
    keys = candidate.names_terms if candidate.kind == Kind.PERSON else ""  # marked keys
    # Most candidates fail on a substring test, which costs far less than the full one.
    for term in query.terms:
        if term.token not in title and not (term.key and KEY_MARK + term.key in keys):
            return RECORD
    if any(" ".join(phrase.tokens) not in title for phrase in query.phrases):
        return RECORD
    unmarked = {key.removeprefix(KEY_MARK) for key in keys.split()}
    return TITLE if query.found_in(title.split(), unmarked) else RECORD


def _results(ids: list[int], query: Query) -> list[Result]:
    entries = SearchEntry.objects.filter(pk__in=ids).defer(
        "title_terms", "names_terms", "body_terms", "facets"
    )
    by_id = {entry.pk: entry for entry in entries}
    results = []
    for pk in ids:
        entry = by_id.get(pk)
        if entry is None:  # removed since it was ranked
            continue
        results.append(
            Result(
                entry=entry,
                title=highlight(entry.display_title, query),
                snippet=snippet(entry.body, query) if entry.body else SafeString(""),
            )
        )
    return results
