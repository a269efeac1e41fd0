from dataclasses import dataclass

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from flames.episodes.video import youtube_id
from flames.people.models import (
    Organization,
    Person,
    Protection,
    Showing,
    public_people,
    shown_name_required,
)
from flames.values import periods
from flames.values.fields import LinkField
from flames.values.localized import localized
from flames.web.addresses import slug_url


@reversion.register(follow=["partnerships"])
class Series(models.Model):
    title = models.CharField(_("title"), max_length=200)
    title_uk = models.CharField(_("title (Ukrainian)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    mission = models.TextField(_("mission"), help_text=_("Two sentences for the home page."))
    mission_uk = models.TextField(_("mission (Ukrainian)"), blank=True)
    about = models.TextField(_("about"), blank=True, help_text=_("Paragraphs for the About page."))
    about_uk = models.TextField(_("about (Ukrainian)"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_url = LinkField(_("contact page"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("series")
        verbose_name_plural = pgettext_lazy("plural", "series")

    def __str__(self):
        return self.title

    @property
    def display_title(self) -> str:
        return localized(self, "title")

    @property
    def display_mission(self) -> str:
        return localized(self, "mission")

    @property
    def display_about(self) -> str:
        return localized(self, "about")


class PartnershipQuerySet(models.QuerySet):
    def on(self, day):
        """Partnerships in force on ``day``; open-ended periods count as in force."""
        return self.filter(periods.contains(day, start="started_on", end="ended_on"))


@reversion.register()
class Partnership(models.Model):
    """An organization producing the series with UCMC for a period."""

    series = models.ForeignKey(
        Series, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("series")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="partnerships",
        verbose_name=_("organization"),
    )
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self):
        return f"{self.organization} — {self.series}"


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    name_uk = models.CharField(_("name (Ukrainian)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("episodes:topic", self.slug)

    @property
    def display_name(self) -> str:
        return localized(self, "name")


def public_episodes(path: str = "") -> models.Q:
    """``EpisodeQuerySet.public()`` as a condition, for queries that reach episodes through
    a join: ``path`` leads to the episode ("episode__" from an appearance)."""
    return models.Q(**{f"{path}status__in": Episode.PUBLIC_STATUSES})


def published_episodes(path: str = "") -> models.Q:
    """``EpisodeQuerySet.published()`` as a condition across a join (see ``public_episodes``).

    Written without a negation: negated across a many-valued join, Django would test
    another episode than the one the other conditions of the same ``filter()`` test."""
    return models.Q(**{f"{path}status": Episode.Status.PUBLISHED}) & (
        models.Q(**{f"{path}air_time__lte": timezone.now()})
        | models.Q(**{f"{path}air_time__isnull": True})
    )


class EpisodeQuerySet(models.QuerySet):
    """The one place that says which episodes the public may see.

    An episode published ahead of its air time (editors are asked to schedule it instead,
    but an import or older data may hold one) is upcoming until it airs: "Latest
    episodes", the archive and the feeds never show a date still to come.
    """

    def airing_later(self):
        """Episodes whose air time is still to come."""
        return self.filter(air_time__gt=timezone.now())

    def aired(self):
        """Episodes whose air time has come, and those without one."""
        return self.exclude(air_time__gt=timezone.now())

    def published(self):
        """Published episodes that have aired: the archive, the latest, the feeds."""
        return self.filter(status=Episode.Status.PUBLISHED).aired()

    def upcoming(self):
        """Announced (scheduled) episodes, and published ones still to air."""
        published = self.filter(status=Episode.Status.PUBLISHED)
        return self.filter(status=Episode.Status.SCHEDULED) | published.airing_later()

    def public(self):
        """Published episodes and announced (scheduled) ones."""
        return self.filter(public_episodes())

    def cancelled(self):
        """Announced episodes called off; not public, but calendars must say so."""
        return self.filter(status=Episode.Status.CANCELLED)

    def newest_first(self):
        return self.order_by(models.F("air_time").desc(nulls_last=True), "-number", "-id")


@reversion.register(follow=["appearances"])
class Episode(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    # What readers may see: published episodes and announced (scheduled) ones.
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)

    class Language(models.TextChoices):
        ENGLISH = "en", _("English")
        UKRAINIAN = "uk", _("Ukrainian")

    series = models.ForeignKey(
        Series, on_delete=models.PROTECT, related_name="episodes", verbose_name=_("series")
    )
    number = models.PositiveIntegerField(
        _("number"), null=True, blank=True, help_text=_("As announced; numbers can repeat.")
    )
    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_("Until an editor writes one, readers see “Episode” and the number."),
    )
    title_uk = models.CharField(_("title (Ukrainian)"), max_length=300, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_uk = models.TextField(_("summary (Ukrainian)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    air_time = models.DateTimeField(_("air time"), null=True, blank=True, db_index=True)
    duration = models.DurationField(_("duration"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    video_url = LinkField(
        _("video URL"), blank=True, help_text=_("A YouTube link to the stream or recording.")
    )
    media_url = LinkField(
        _("media file URL"),
        max_length=500,
        blank=True,
        help_text=_(
            "An audio or video file for podcast apps; without one the episode is left "
            "out of the podcast feed."
        ),
    )
    media_size = models.PositiveBigIntegerField(
        _("media file size"), null=True, blank=True, help_text=_("In bytes.")
    )
    media_type = models.CharField(
        _("media file type"),
        max_length=100,
        blank=True,
        help_text=_("For example audio/mpeg or video/mp4; guessed from the URL if empty."),
    )
    schedule_sequence = models.PositiveIntegerField(
        _("schedule revision"),
        default=0,
        editable=False,
        help_text=_(
            "Goes up whenever the air time, duration or cancellation changes, so "
            "calendar apps replace their copy of the event."
        ),
    )
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="episodes", verbose_name=_("topics")
    )
    speakers = models.ManyToManyField(
        Person, through="Appearance", related_name="episodes", verbose_name=_("speakers")
    )
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("Set by the import when this may be an episode already on the site."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EpisodeQuerySet.as_manager()

    class Meta:
        ordering = [models.F("air_time").desc(nulls_last=True), "-number", "-id"]
        indexes = [models.Index(fields=["status", "air_time"])]
        verbose_name = _("episode")
        verbose_name_plural = _("episodes")

    def __str__(self):
        if self.is_untitled:
            return self.placeholder_title()
        title = self.title or self.title_uk
        return f"#{self.number} {title}" if self.number else title

    def get_absolute_url(self):
        return slug_url("episodes:detail", self.slug)

    @property
    def display_title(self) -> str:
        """The title in the reader's language, else the one an editor wrote in the other
        language, else a placeholder ("Episode 594")."""
        return localized(self, "title") or self.title_uk or self.placeholder_title()

    @property
    def is_untitled(self) -> bool:
        return not (self.title or self.title_uk)

    def placeholder_title(self) -> str:
        """What readers see, in their language, while no title is written: an announcement
        that only reposted an earlier episode ("UIF #594") gave the import none."""
        if self.number:
            return gettext("Episode %(number)s") % {"number": self.number}
        if self.air_time:
            day = date_format(timezone.localtime(self.air_time), "DATE_FORMAT")
            return gettext("Episode of %(date)s") % {"date": day}
        return gettext("Untitled episode")

    @property
    def display_summary(self) -> str:
        return localized(self, "summary")

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_upcoming(self) -> bool:
        """As ``EpisodeQuerySet.upcoming()``: announced, or published but still to air."""
        if self.status == self.Status.SCHEDULED:
            return True
        return self.status == self.Status.PUBLISHED and not self.has_aired

    @property
    def has_aired(self) -> bool:
        """Whether the air time has come (an episode without one counts as aired)."""
        return self.air_time is None or self.air_time <= timezone.now()

    def clean(self):
        if self.status == self.Status.PUBLISHED and not self.has_aired:
            # Published now, it would top "Latest episodes" with a date still to come.
            raise ValidationError(
                {
                    "status": _(
                        "This air time is still to come: schedule the episode now and "
                        "publish it once it has aired."
                    )
                }
            )

    @property
    def youtube_id(self) -> str | None:
        return youtube_id(self.video_url)

    @property
    def air_date(self):
        return timezone.localdate(self.air_time) if self.air_time else None


def shown_appearances(path: str = "") -> models.Q:
    """Appearances the public sees on an episode's panel, perhaps under a protected name:
    neither they nor their person withdrawn. ``path`` leads to the appearance."""
    return models.Q(
        **{f"{path}withdrawn_at__isnull": True, f"{path}person__withdrawn_at__isnull": True}
    )


def identified_appearances(path: str = "") -> models.Q:
    """Shown appearances that name a public person: the only ones that may lead to the
    person, count on their page, a topic's or an organization's, or in search."""
    return (
        shown_appearances(path)
        & models.Q(**{f"{path}shown_as": Showing.FULL_NAME})
        & public_people(f"{path}person__")
    )


class AppearanceQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(shown_appearances())

    def identified(self):
        return self.filter(identified_appearances())


@dataclass(frozen=True)
class Speaker:
    """A speaker as the public sees them on one episode, in the reader's language: the
    one description of an appearance every output uses."""

    name: str
    role: str
    part: str
    # None when the speaker is protected: nothing may lead from the episode to the person.
    person: Person | None
    portrait: bool

    @property
    def url(self) -> str | None:
        return self.person.get_absolute_url() if self.person else None


@reversion.register()
class Appearance(Protection):
    """A person on an episode's panel, introduced as they were on that day."""

    class Part(models.TextChoices):
        GUEST = "guest", _("Guest")
        HOST = "host", _("Host")
        MODERATOR = "moderator", _("Moderator")

    episode = models.ForeignKey(
        Episode, on_delete=models.CASCADE, related_name="appearances", verbose_name=_("episode")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appearances", verbose_name=_("person")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    part = models.CharField(_("part"), max_length=10, choices=Part.choices, default=Part.GUEST)
    announced_as = models.CharField(
        _("announced as"),
        max_length=500,
        blank=True,
        help_text=_("The role exactly as the announcement introduced this person."),
    )
    announced_as_uk = models.CharField(_("announced as (Ukrainian)"), max_length=500, blank=True)
    announced_title = models.CharField(
        _("role without the organization"),
        max_length=500,
        blank=True,
        help_text=_("Shown instead of the role as announced when the organization is hidden."),
    )
    announced_title_uk = models.CharField(
        _("role without the organization (Ukrainian)"), max_length=500, blank=True
    )
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        help_text=_("Set by the import when the announcement did not give a full name."),
    )

    objects = AppearanceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["episode", "person"], name="one_appearance_per_person"),
            shown_name_required("appearance"),
        ]
        verbose_name = _("appearance")
        verbose_name_plural = _("appearances")

    def __str__(self):
        # As lists, logs and revisions name it: under the name shown when protected here.
        person = self.shown_name if self.is_protected else self.person
        return _("%(person)s in %(episode)s") % {"person": person, "episode": self.episode}

    @property
    def display_announced_as(self) -> str:
        return localized(self, "announced_as")

    @property
    def protection(self) -> Protection:
        """Whose choice of how to show the speaker holds here: this appearance's when it
        protects them, else the person's (a protected person is protected everywhere)."""
        return self if self.is_protected else self.person

    @property
    def speaker(self) -> Speaker:
        person = self.person
        chosen = self.protection
        protected = chosen.is_protected
        if self.show_organization and person.show_organization:
            role = self.display_announced_as
        else:
            role = localized(self, "announced_title")
        return Speaker(
            name=chosen.display_shown_name if protected else person.name,
            role=role,
            part=self.part,
            person=None if protected else person,
            portrait=not protected and self.show_portrait and person.shows_portrait,
        )
