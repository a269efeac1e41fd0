from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from flames.episodes.models import Episode
from flames.web.addresses import slug_url


class SearchEntry(models.Model):
    """One thing a reader can find: an episode, a person, an organization, a topic, or a
    passage of a transcript (30 to 60 seconds of consecutive cues).

    The display fields (title, body, slug, start) say what to show and where to link;
    the ``*_terms`` fields hold the same text folded by :mod:`flames.search.text`, which
    the database's full-text index (SQLite FTS5 or PostgreSQL tsvector, created by this
    app's migrations) reads. ``facets`` holds filter tokens (year, language, topics,
    people). Who may see an entry is decided when searching, by the episodes'
    visibility rule, so publishing or unpublishing needs no reindexing.
    """

    class Kind(models.TextChoices):
        EPISODE = "episode", _("Episode")
        PERSON = "person", _("Person")
        ORGANIZATION = "organization", _("Organization")
        TOPIC = "topic", _("Topic")
        PASSAGE = "passage", _("Transcript")

    kind = models.CharField(max_length=12, choices=Kind.choices)
    # The episode, person, organization or topic; for a passage, its transcript.
    object_id = models.PositiveBigIntegerField()
    # Entries are removed with their episode by the index (see signals), not by a
    # database cascade, so the admin's delete confirmation does not list them.
    episode = models.ForeignKey(
        Episode,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    slug = models.CharField(max_length=200)  # of the page the entry links to
    title = models.CharField(max_length=300)
    title_uk = models.CharField(max_length=300, blank=True)
    start_ms = models.PositiveIntegerField(null=True, blank=True)  # passages
    position = models.PositiveIntegerField(null=True, blank=True)  # passages: first cue
    language = models.CharField(max_length=2, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    # Short columns first: ranking reads these without touching the long texts.
    title_terms = models.TextField(blank=True)
    names_terms = models.TextField(blank=True)  # name keys of the people it is about
    facets = models.TextField(blank=True)
    body = models.TextField(blank=True)  # snippets are cut from this
    body_terms = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "object_id"])]

    def __str__(self):
        return f"{self.kind}: {self.title}"

    def get_absolute_url(self) -> str:
        """The page in the current language; a passage opens at its first cue."""
        if self.kind == self.Kind.PERSON:
            return slug_url("people:person", self.slug)
        if self.kind == self.Kind.ORGANIZATION:
            return slug_url("people:organization", self.slug)
        if self.kind == self.Kind.TOPIC:
            return slug_url("episodes:topic", self.slug)
        url = slug_url("episodes:detail", self.slug)
        if self.kind == self.Kind.PASSAGE:
            return f"{url}#cue-{self.language}-{self.position}"
        return url

    @property
    def display_title(self) -> str:
        if self.title_uk and get_language() == "uk":
            return self.title_uk
        return self.title

    @property
    def is_passage(self) -> bool:
        return self.kind == self.Kind.PASSAGE


class PendingChange(models.Model):
    """Something whose search entries are to be rewritten: written in the transaction
    that changes it and removed in the one that reindexes it, so whatever stops a process
    between the two (a kill, a crash, a full disk) leaves the mark for the next reindex
    to find. ``kind`` is a kind of change of ``services.reindex`` ("episode",
    "transcript", ...)."""

    kind = models.CharField(max_length=16)
    object_id = models.PositiveBigIntegerField()

    def __str__(self):
        return f"{self.kind} {self.object_id}"
