from django.contrib import admin, messages
from django.db.models import Count, Q
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from reversion_compare.admin import CompareVersionAdmin

from flames.backoffice.admin_defaults import HTTPS_URL_FIELDS, SelectionChecked
from flames.people import services
from flames.people.models import (
    Organization,
    OrganizationName,
    Person,
    PersonName,
    Position,
    Showing,
)
from flames.people.protection import (
    CONSENT_FIELDS,
    SHOWING_FIELDS,
    consent_changes,
    consent_comment,
    hidden_names,
    protection_comment,
    sees_real_name,
)
from flames.people.protection_admin import (
    HiddenNamesHistory,
    ProtectionComments,
    ProtectionFilter,
    ProtectionForm,
    withdraw_action,
)


class OtherNamesFormSet(BaseInlineFormSet):
    """The names of a person or an organization besides its own name, which is always one
    of them: saved with it, so not listed here to be deleted or typed in twice."""

    def get_queryset(self):
        names = super().get_queryset()
        if self.instance.pk is None:
            return names
        # The name as stored: on a save the form has already set the new one.
        saved = type(self.instance).objects.filter(pk=self.instance.pk).values("name")
        return names.exclude(name__in=saved)

    def _same_name(self, obj):
        return self.model.objects.filter(**{self.fk.name: self.instance, "name": obj.name})

    def save_new(self, form, commit=True):
        return self._same_name(form.instance).first() or super().save_new(form, commit)

    def save_existing(self, form, obj, commit=True):
        if self._same_name(obj).exclude(pk=obj.pk).exists():
            obj.delete()  # changed into a name it already has
            return obj
        return super().save_existing(form, obj, commit)


class PersonNameInline(admin.TabularInline):
    model = PersonName
    formset = OtherNamesFormSet
    extra = 1


class PositionInline(admin.TabularInline):
    model = Position
    extra = 1
    autocomplete_fields = ["organization"]


class PersonAdminForm(ProtectionForm):
    class Meta:
        model = Person
        # The admin chooses which of these the form holds (a name hidden, none of it).
        fields = [
            "name",
            "slug",
            "sort_name",
            "bio",
            "needs_review",
            *SHOWING_FIELDS,
            "withdrawal_reason",
            "portrait_consent",
            "directory_consent",
        ]


@admin.register(Person)
class PersonAdmin(HiddenNamesHistory, ProtectionComments, SelectionChecked, CompareVersionAdmin):
    form = PersonAdminForm
    # Ours (with the protection review) on top of reversion's ("Recover deleted").
    change_list_template = "admin/people/person/change_list.html"
    list_filter = ["needs_review", ProtectionFilter, "shown_as"]
    ordering = ["sort_name", "name"]
    search_fields = ["name", "names__name", "positions__title"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["hidden_name", "consent_recorded"]
    inlines = [PersonNameInline, PositionInline]
    actions = ["merge", "mark_distinct", "withdraw"]

    def hides_name(self, request, person) -> bool:
        """Whether ``request``'s user may not see this person's real name: as stored, as
        the form may already hold an editor's unsaved choice."""
        if person is None or person.pk is None or sees_real_name(request.user):
            return False
        return Person.objects.filter(pk=person.pk).exclude(shown_as=Showing.FULL_NAME).exists()

    def get_fieldsets(self, request, obj=None):
        if self.hides_name(request, obj):
            person = [None, {"fields": ["hidden_name", "needs_review"]}]
        else:
            person = [None, {"fields": ["name", "slug", "sort_name", "bio", "needs_review"]}]
        return [
            person,
            (
                _("Protection"),
                {
                    "fields": [
                        "shown_as",
                        "shown_name",
                        "shown_name_uk",
                        ("show_organization", "show_portrait"),
                        "withdrawn",
                        "withdrawal_reason",
                    ]
                },
            ),
            (
                _("Consent"),
                {"fields": ["portrait_consent", "directory_consent", "consent_recorded"]},
            ),
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.sees_real_name = sees_real_name(request.user)
        return form

    def get_inlines(self, request, obj):
        return [] if self.hides_name(request, obj) else self.inlines

    def get_prepopulated_fields(self, request, obj=None):
        return {} if self.hides_name(request, obj) else self.prepopulated_fields

    def get_list_display(self, request):
        # A protected person's sort name is their name too.
        names = ["name", "sort_name"] if sees_real_name(request.user) else ["__str__"]
        return [*names, "shown_as", "is_withdrawn", "appearance_count", "needs_review"]

    def get_search_results(self, request, queryset, search_term):
        """Without the permission, a protected person is found by the name shown only:
        searching for a real name must not tell who is behind a protected one."""
        if sees_real_name(request.user) or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        shown_by_name = Person.objects.filter(shown_as=Showing.FULL_NAME)
        named, _distinct = super().get_search_results(request, shown_by_name, search_term)
        term = search_term.strip()
        protected = ~Q(shown_as=Showing.FULL_NAME) & (
            Q(shown_name__icontains=term) | Q(shown_name_uk__icontains=term)
        )
        return queryset.filter(Q(pk__in=named.values("pk")) | protected), False

    def has_delete_permission(self, request, obj=None):
        return not self.hides_name(request, obj) and super().has_delete_permission(request, obj)

    def view_on_site(self, person):
        # A protected or withdrawn person has no page, and their address holds their name.
        return person.get_absolute_url() if person.is_public else None

    def names_hidden_from(self, request, person) -> dict[str, str]:
        # Older comments may name the person, or a spelling ("Added other spelling").
        return hidden_names(person, str(person)) if self.hides_name(request, person) else {}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_total=Count("appearances"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if set(CONSENT_FIELDS) & set(form.changed_data):
            services.record_consent(
                person=obj,
                portrait=obj.portrait_consent,
                directory=obj.directory_consent,
                by=request.user,
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.keep_own_spelling()  # even if the editor deleted it among the others

    def protection_notes(self, form, formsets) -> list[str]:
        notes = []
        if parts := form.protection_changes():
            notes.append(protection_comment(parts))
        if parts := consent_changes(form.stored, form.instance):
            notes.append(consent_comment(parts))
        return notes

    @admin.display(description=pgettext_lazy("of a person", "name"))
    def hidden_name(self, person):
        return _("Hidden: you may not see the real names of protected speakers.")

    @admin.display(description=gettext_lazy("consent recorded"))
    def consent_recorded(self, person):
        if person.consent_recorded_at is None:
            return "—"
        when = date_format(timezone.localtime(person.consent_recorded_at), "DATETIME_FORMAT")
        if person.consent_recorded_by is None:
            return when
        return _("%(when)s, by %(user)s") % {"when": when, "user": person.consent_recorded_by}

    @admin.display(description=gettext_lazy("withdrawn"), boolean=True, ordering="withdrawn_at")
    def is_withdrawn(self, person):
        return person.withdrawn_at is not None

    @admin.display(description=gettext_lazy("appearances"), ordering="appearance_total")
    def appearance_count(self, person):
        return person.appearance_total

    @admin.action(description=gettext_lazy("Merge selected people"), permissions=["change"])
    def merge(self, request, queryset):
        people = list(queryset.order_by("-appearance_total", "pk"))
        if len(people) < 2:
            self.message_user(request, _("Select at least two people to merge."), messages.ERROR)
            return None
        if not sees_real_name(request.user) and any(person.is_protected for person in people):
            message = _(
                "Only an editor allowed to see the real names of protected speakers can merge them."
            )
            self.message_user(request, message, messages.ERROR)
            return None
        survivor_id = request.POST.get("survivor")
        survivor = next((person for person in people if str(person.pk) == survivor_id), None)
        if survivor is None:
            if survivor_id is not None:
                message = _("Choose which of the selected people to keep.")
                self.message_user(request, message, messages.ERROR)
            return TemplateResponse(
                request,
                "admin/people/person/merge.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Merge people"),
                    "people": people,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for duplicate in people:
            if duplicate.pk != survivor.pk:
                services.merge_people(survivor=survivor, duplicate=duplicate)
        self.message_user(
            request,
            _("Merged %(count)d people into %(name)s.")
            % {"count": len(people) - 1, "name": survivor.name},
            messages.SUCCESS,
        )
        return None

    @admin.action(
        description=gettext_lazy("Mark selected people as different people"),
        permissions=["change"],
    )
    def mark_distinct(self, request, queryset):
        people = list(queryset)
        if len(people) < 2:
            self.message_user(request, _("Select at least two people."), messages.ERROR)
            return
        for index, first in enumerate(people):
            for second in people[index + 1 :]:
                services.mark_distinct(first=first, second=second)
        self.message_user(
            request,
            _("Recorded as different people: %(names)s.")
            % {"names": ", ".join(str(person) for person in people)},
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("Withdraw selected people"), permissions=["change"])
    def withdraw(self, request, queryset):
        return withdraw_action(
            self,
            request,
            queryset,
            withdraw=lambda people, reason: services.withdraw_people(people=people, reason=reason),
        )


class OrganizationNameInline(admin.TabularInline):
    model = OrganizationName
    formset = OtherNamesFormSet
    extra = 1


@admin.register(Organization)
class OrganizationAdmin(SelectionChecked, CompareVersionAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["name", "kind", "position_count", "needs_review"]
    list_filter = ["needs_review", "kind"]
    search_fields = ["name", "names__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganizationNameInline]
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(position_total=Count("positions"))

    @admin.display(description=gettext_lazy("positions"), ordering="position_total")
    def position_count(self, organization):
        return organization.position_total

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.keep_own_name()  # even if the editor deleted it among the others

    @admin.action(description=gettext_lazy("Merge selected organizations"), permissions=["change"])
    def merge(self, request, queryset):
        organizations = list(queryset.order_by("-position_total", "pk"))
        if len(organizations) < 2:
            message = _("Select at least two organizations to merge.")
            self.message_user(request, message, messages.ERROR)
            return None
        survivor_id = request.POST.get("survivor")
        survivor = next((o for o in organizations if str(o.pk) == survivor_id), None)
        if survivor is None:
            if survivor_id is not None:
                message = _("Choose which of the selected organizations to keep.")
                self.message_user(request, message, messages.ERROR)
            return TemplateResponse(
                request,
                "admin/people/organization/merge.html",
                {
                    **self.admin_site.each_context(request),
                    "title": _("Merge organizations"),
                    "organizations": organizations,
                    "opts": self.model._meta,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        for duplicate in organizations:
            if duplicate.pk != survivor.pk:
                services.merge_organizations(survivor=survivor, duplicate=duplicate)
        self.message_user(
            request,
            _("Merged %(count)d organizations into %(name)s.")
            % {"count": len(organizations) - 1, "name": survivor.name},
            messages.SUCCESS,
        )
        return None


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "organization", "start_year", "end_year"]
    list_filter = ["organization"]
    search_fields = ["title", "person__name", "organization__name"]
    autocomplete_fields = ["person", "organization"]
    list_select_related = ["person", "organization"]

    def get_queryset(self, request):
        positions = super().get_queryset(request)
        if sees_real_name(request.user):
            return positions
        # A protected person's positions say who they are.
        return positions.filter(person__shown_as=Showing.FULL_NAME)
