from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

# Editors paste links without a scheme ("ucmc.org.ua/..."); assume the secure one.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class SelectionChecked:
    """Refuse an action whose selection is not a list of ids (only a forged request sends
    one) with a 400: the database would otherwise fail on it with a 500."""

    def response_action(self, request, queryset):
        id_field = self.model._meta.pk
        for value in request.POST.getlist(ACTION_CHECKBOX_NAME):
            try:
                id_field.to_python(value)
            except ValidationError:
                message = _("The selection holds %(value)r, which is not an id.") % {
                    "value": value[:40]
                }
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return super().response_action(request, queryset)
