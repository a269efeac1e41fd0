from adminsortable2.admin import SortableAdminBase, SortableTabularInline
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from reversion_compare.admin import CompareVersionAdmin

from flames.backoffice.admin_defaults import HTTPS_URL_FIELDS
from flames.episodes import selectors, services
from flames.episodes.forms import EpisodeAdminForm
from flames.episodes.models import Appearance, Episode, Partnership, Series, Topic


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 1
    autocomplete_fields = ["organization"]


@admin.register(Series)
class SeriesAdmin(CompareVersionAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["title", "slug"]
    search_fields = ["title", "title_uk"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [PartnershipInline]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = ["organization", "series", "started_on", "ended_on"]
    list_filter = ["series"]
    search_fields = ["organization__name"]
    autocomplete_fields = ["organization"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_uk", "slug"]
    search_fields = ["name", "name_uk"]
    prepopulated_fields = {"slug": ["name"]}


class AppearanceInline(SortableTabularInline):
    """Speakers in the order shown: dragged rows are numbered as they stand, and a row
    added at the bottom is saved last."""

    model = Appearance
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "part", "announced_as", "announced_as_uk"]


@admin.register(Episode)
class EpisodeAdmin(SortableAdminBase, CompareVersionAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["number", "title_shown", "status", "air_time", "language", "needs_review"]
    list_display_links = ["number", "title_shown"]
    list_filter = [
        "needs_review",
        "status",
        "series",
        "language",
        "topics",
        ("air_time", admin.DateFieldListFilter),
    ]
    search_fields = ["title", "summary", "slug", "appearances__person__name"]
    form = EpisodeAdminForm
    # Our list (with "Import announcement") on top of reversion's ("Recover deleted").
    change_list_template = "admin/episodes/episode/change_list.html"
    autocomplete_fields = ["topics"]
    date_hierarchy = "air_time"
    inlines = [AppearanceInline]
    actions = ["publish", "schedule", "unpublish"]
    fieldsets = [
        (
            None,
            {"fields": ["series", "number", "title", "slug", "status", "summary", "needs_review"]},
        ),
        (_("In Ukrainian"), {"fields": ["title_uk", "summary_uk"]}),
        (_("Broadcast"), {"fields": ["air_time", "duration", "language", "video_url"]}),
        (_("Topics"), {"fields": ["topics"]}),
        (_("Podcast"), {"fields": ["media_url", "media_size", "media_type"]}),
    ]

    def view_on_site(self, episode):
        return episode.get_absolute_url()

    @admin.display(description=_("title"), ordering="title")
    def title_shown(self, episode):
        # An untitled episode is listed as readers see it ("Episode 594").
        return episode.display_title

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # Most sites have one series: start a new episode in it.
        if "series" not in initial and (series := selectors.current_series()):
            initial["series"] = series.pk
        return initial

    def _move(self, request, queryset, status, message):
        count = services.set_status(episodes=queryset, status=status)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Publish selected episodes"), permissions=["change"])
    def publish(self, request, queryset):
        waiting = selectors.waiting_to_air(queryset)
        self._move(
            request,
            queryset,
            Episode.Status.PUBLISHED,
            ngettext_lazy("%(count)d episode published.", "%(count)d episodes published.", "count"),
        )
        if waiting:
            message = ngettext_lazy(
                "Not published, as its air time is still to come: %(episodes)s. "
                "Schedule it now and publish it once it has aired.",
                "Not published, as their air times are still to come: %(episodes)s. "
                "Schedule them now and publish them once they have aired.",
                len(waiting),
            )
            episodes = ", ".join(str(episode) for episode in waiting)
            self.message_user(request, message % {"episodes": episodes}, messages.WARNING)

    @admin.action(description=_("Schedule selected episodes"), permissions=["change"])
    def schedule(self, request, queryset):
        self._move(
            request,
            queryset,
            Episode.Status.SCHEDULED,
            ngettext_lazy("%(count)d episode scheduled.", "%(count)d episodes scheduled.", "count"),
        )

    @admin.action(description=_("Move selected episodes back to draft"), permissions=["change"])
    def unpublish(self, request, queryset):
        self._move(
            request,
            queryset,
            Episode.Status.DRAFT,
            ngettext_lazy(
                "%(count)d episode moved back to draft.",
                "%(count)d episodes moved back to draft.",
                "count",
            ),
        )
