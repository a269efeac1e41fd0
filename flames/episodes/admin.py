from adminsortable2.admin import SortableAdminBase, SortableStackedInline
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from reversion_compare.admin import CompareVersionAdmin

from flames.backoffice.admin_defaults import HTTPS_URL_FIELDS, SelectionChecked
from flames.backoffice.history import last_change
from flames.episodes import selectors, services
from flames.episodes.forms import EpisodeAdminForm
from flames.episodes.models import (
    Appearance,
    Episode,
    Partnership,
    Series,
    Topic,
    identified_appearances,
)
from flames.episodes.services import speaker_label
from flames.people import selectors as people_selectors
from flames.people.models import Person, Showing
from flames.people.protection import (
    CONSENT_FIELDS,
    PROTECTION_FIELDS,
    SHOWING_FIELDS,
    hidden_names,
    protection_comment,
    sees_real_name,
    showing,
    withdrawn,
)
from flames.people.protection_admin import (
    HiddenNamesHistory,
    ProtectionComments,
    ProtectionFilter,
    ProtectionForm,
    withdraw_action,
)


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


class AppearanceAdminForm(ProtectionForm):
    class Meta:
        model = Appearance
        fields = [
            "person",
            "part",
            "needs_review",
            "announced_as",
            "announced_as_uk",
            "order",
            *SHOWING_FIELDS,
            "announced_title",
            "announced_title_uk",
            "withdrawal_reason",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        appearance = self.instance
        hidden = appearance.pk and appearance.is_protected and not appearance.person.is_protected
        # Said once on the person's form and in the folded group; not seven times here.
        for name in ("announced_as", "announced_as_uk", "needs_review"):
            if name in self.fields:
                self.fields[name].help_text = ""
        if hidden and not self.sees_real_name and "person" in self.fields:
            # The person is public, but that they are the one behind this appearance is
            # what the protection hides.
            label = appearance.shown_name
            self.fields["person"].label_from_instance = lambda person: label


class AppearanceInline(SortableStackedInline):
    """Speakers in the order shown, each with how they are shown to the public.

    The protection is folded away until an editor opens it; the summary line says how
    each speaker is shown without opening it. Dragged rows are numbered as they stand,
    and a row added at the bottom is saved last."""

    model = Appearance
    form = AppearanceAdminForm
    extra = 1
    autocomplete_fields = ["person"]
    readonly_fields = ["protection_summary"]
    # Fields with errors of their own stand on a line alone: Django opens a folded group
    # only when one of its lines is a field with an error.
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("person", "part", "needs_review"),
                    ("announced_as", "announced_as_uk"),
                    "protection_summary",
                    "order",
                ]
            },
        ),
        (
            _("How the speaker is shown"),
            {
                "classes": ["collapse"],
                "fields": [
                    "shown_as",
                    "shown_name",
                    "shown_name_uk",
                    ("show_organization", "show_portrait"),
                    ("announced_title", "announced_title_uk"),
                    "withdrawn",
                    "withdrawal_reason",
                ],
            },
        ),
    ]

    def get_queryset(self, request):
        # Each row's summary and label read the person's protection too.
        return super().get_queryset(request).select_related("person")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.sees_real_name = sees_real_name(request.user)
        return formset

    @admin.display(description=_("shown"))
    def protection_summary(self, appearance):
        if appearance.pk is None:
            return "—"
        chosen = appearance.protection
        parts = [showing(chosen)]
        if chosen is not appearance and chosen.is_protected:
            parts[0] = _("%(how)s, as the person always is") % {"how": parts[0]}
        if not (appearance.show_organization and appearance.person.show_organization):
            parts.append(_("organization hidden"))
        if not (appearance.show_portrait and appearance.person.show_portrait):
            parts.append(_("portrait hidden"))
        if appearance.withdrawn_at or appearance.person.withdrawn_at:
            parts.append(_("withdrawn"))
        return "; ".join(str(part) for part in parts)


@admin.register(Episode)
class EpisodeAdmin(HiddenNamesHistory, ProtectionComments, SortableAdminBase, CompareVersionAdmin):
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

    def get_search_fields(self, request):
        if sees_real_name(request.user):
            return self.search_fields
        return [field for field in self.search_fields if "person" not in field]

    def get_search_results(self, request, queryset, search_term):
        """Without the permission, a speaker's real name finds only the episodes where
        the public knows them by it: searching must not tell where a protected one was."""
        found, distinct = super().get_search_results(request, queryset, search_term)
        if sees_real_name(request.user) or not search_term.strip():
            return found, distinct
        named = Appearance.objects.filter(
            identified_appearances(), person__name__icontains=search_term.strip()
        )
        return found | queryset.filter(pk__in=named.values("episode")), True

    def names_hidden_from(self, request, episode) -> dict[str, str]:
        # Older comments may name a speaker protected since ("Added appearance").
        if sees_real_name(request.user):
            return {}
        protected = ~Q(shown_as=Showing.FULL_NAME) | ~Q(person__shown_as=Showing.FULL_NAME)
        names = {}
        for appearance in episode.appearances.filter(protected).select_related("person"):
            names.update(hidden_names(appearance.person, speaker_label(appearance)))
        return names

    def protection_notes(self, form, formsets) -> list[str]:
        notes = []
        for formset in formsets:
            for row in formset.forms:
                if row in formset.deleted_forms or row.instance.pk is None:
                    continue
                if parts := row.protection_changes():
                    notes.append(protection_comment(parts, of=speaker_label(row.instance)))
        return notes

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


@admin.register(Appearance)
class AppearanceAdmin(HiddenNamesHistory, SelectionChecked, CompareVersionAdmin):
    """Every speaker of every panel: where protected and withdrawn ones are found and
    withdrawn. Each is edited on its episode's form, where its change page leads."""

    list_display = ["__str__", "part", "shown_as", "is_withdrawn", "needs_review"]
    list_filter = ["needs_review", ProtectionFilter, "shown_as", "part"]
    search_fields = ["shown_name", "shown_name_uk", "episode__title"]
    list_select_related = ["episode", "person"]
    actions = ["withdraw"]

    def has_add_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        appearance = self.get_object(request, object_id)
        if appearance is None:
            return super().change_view(request, object_id, form_url, extra_context)
        return redirect("admin:episodes_episode_change", appearance.episode_id)

    def names_hidden_from(self, request, appearance) -> dict[str, str]:
        if sees_real_name(request.user) or not (
            appearance.is_protected or appearance.person.is_protected
        ):
            return {}
        return hidden_names(appearance.person, speaker_label(appearance))

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        return [path("review/", review, name="protection_review"), *super().get_urls()]

    @admin.display(description=_("withdrawn"), boolean=True, ordering="withdrawn_at")
    def is_withdrawn(self, appearance):
        return appearance.withdrawn_at is not None

    @admin.action(description=_("Withdraw selected appearances"), permissions=["change"])
    def withdraw(self, request, queryset):
        return withdraw_action(
            self,
            request,
            queryset,
            withdraw=lambda rows, reason: services.withdraw_appearances(
                appearances=rows, reason=reason
            ),
        )

    def review_view(self, request):
        """Every protected or withdrawn person and appearance: how each is shown, why
        withdrawn, the consent, and when and by whom that was last changed."""
        person_admin = self.admin_site._registry[Person]
        if not (self.has_view_permission(request) and person_admin.has_view_permission(request)):
            raise PermissionDenied
        real_names = sees_real_name(request.user)
        people = [
            _review_row(
                person,
                label=str(person),
                real_name=person.name if real_names else "",
                fields=PROTECTION_FIELDS + CONSENT_FIELDS,
                url=reverse("admin:people_person_change", args=[person.pk]),
            )
            for person in people_selectors.protected_people()
        ]
        appearances = [
            _review_row(
                appearance,
                label=speaker_label(appearance),
                real_name=appearance.person.name if real_names else "",
                fields=PROTECTION_FIELDS,
                url=reverse("admin:episodes_episode_change", args=[appearance.episode_id]),
            )
            for appearance in selectors.protected_appearances()
        ]
        return TemplateResponse(
            request,
            "admin/protection_review.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Protected and withdrawn speakers"),
                "people": people,
                "appearances": appearances,
                "real_names": real_names,
            },
        )


def _review_row(row, *, label: str, real_name: str, fields, url: str) -> dict:
    revision = last_change(row, fields)
    how = [showing(row)]
    if not row.show_organization:
        how.append(_("organization hidden"))
    if not row.show_portrait:
        how.append(_("portrait hidden"))
    return {
        "row": row,
        "label": label,
        "real_name": real_name,
        "shown": "; ".join(str(part) for part in how),
        "withdrawn": withdrawn(row.withdrawal_reason) if row.withdrawn_at else "",
        "changed_at": revision.date_created if revision else None,
        "changed_by": revision.user if revision else None,
        "url": url,
    }
