from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from flames.admin_defaults import HTTPS_URL_FIELDS
from flames.people.models import Organization, Person, PersonName, Position


class PersonNameInline(admin.TabularInline):
    model = PersonName
    extra = 1


class PositionInline(admin.TabularInline):
    model = Position
    extra = 1
    autocomplete_fields = ["organization"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "sort_name", "appearance_count", "needs_review"]
    list_filter = ["needs_review"]
    search_fields = ["name", "names__name", "positions__title"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PersonNameInline, PositionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(appearance_total=Count("appearances"))

    @admin.display(description=_("appearances"), ordering="appearance_total")
    def appearance_count(self, person):
        return person.appearance_total


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "other_names"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "organization", "start_year", "end_year"]
    list_filter = ["organization"]
    search_fields = ["title", "person__name", "organization__name"]
    autocomplete_fields = ["person", "organization"]
    list_select_related = ["person", "organization"]
