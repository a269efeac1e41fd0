from django.contrib import admin
from reversion_compare.admin import CompareVersionAdmin

from flames.backoffice.admin_defaults import HTTPS_URL_FIELDS
from flames.support.models import CallToAction


@admin.register(CallToAction)
class CallToActionAdmin(CompareVersionAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["title", "kind", "organization", "series", "starts_on", "ends_on"]
    list_filter = ["kind", "series", "organization"]
    search_fields = ["title", "title_uk", "description", "organization__name"]
    autocomplete_fields = ["organization", "episodes"]
