from django.contrib import admin, messages
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion_compare.admin import CompareVersionAdmin

from flames.backoffice.admin_defaults import HTTPS_URL_FIELDS, SelectionChecked
from flames.people import services
from flames.people.models import Organization, OrganizationName, Person, PersonName, Position


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


@admin.register(Person)
class PersonAdmin(SelectionChecked, CompareVersionAdmin):
    list_display = ["name", "sort_name", "appearance_count", "needs_review"]
    list_filter = ["needs_review"]
    ordering = ["sort_name", "name"]
    search_fields = ["name", "names__name", "positions__title"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonNameInline, PositionInline]
    actions = ["merge", "mark_distinct"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_total=Count("appearances"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.keep_own_spelling()  # even if the editor deleted it among the others

    @admin.display(description=gettext_lazy("appearances"), ordering="appearance_total")
    def appearance_count(self, person):
        return person.appearance_total

    @admin.action(description=gettext_lazy("Merge selected people"), permissions=["change"])
    def merge(self, request, queryset):
        people = list(queryset.order_by("-appearance_total", "pk"))
        if len(people) < 2:
            self.message_user(request, _("Select at least two people to merge."), messages.ERROR)
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
            % {"names": ", ".join(person.name for person in people)},
            messages.SUCCESS,
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
