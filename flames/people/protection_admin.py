"""The back office's pieces for protecting speakers, shared by the person and the
episode forms: the protection fields, revision comments in words, history that hides
real names, the Withdraw action and the protection filter."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from flames.people.models import (
    Showing,
    Withdrawal,
)
from flames.people.protection import (
    CONSENT_FIELDS,
    PROTECTION_FIELDS,
    SHOWING_FIELDS,
    mask_names,
    protection_changes,
)

PROTECTION_FORM_FIELDS = (
    *SHOWING_FIELDS,
    "announced_title",
    "announced_title_uk",
    "withdrawn",
    "withdrawal_reason",
)


class ProtectionForm(forms.ModelForm):
    """How a speaker is shown, as editors set it. "Withdrawn" is a tick, dated when ticked.

    ``sees_real_name`` is set per request: an editor who may not see the real names of
    protected speakers may protect one, never show a protected one by full name again
    (which would show them the name, and everyone else too)."""

    sees_real_name = True

    withdrawn = forms.BooleanField(
        label=gettext_lazy("withdrawn"),
        required=False,
        help_text=gettext_lazy("Takes the speaker off every page, feed, search and export."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As stored: what the revision's comment compares the saved values with.
        self.stored = {
            field: getattr(self.instance, field)
            for field in PROTECTION_FIELDS + CONSENT_FIELDS
            if hasattr(self.instance, field)
        }
        if self.is_bound and self.add_prefix("shown_as") not in self.data:
            # Sent by a client never shown these fields (a script, a page open since
            # before they were added): how the speaker is shown stays as it is, rather
            # than every unsent tick reading as "hide".
            for name in PROTECTION_FORM_FIELDS:
                self.fields.pop(name, None)
        if "withdrawn" in self.fields:
            self.fields["withdrawn"].initial = self.instance.withdrawn_at is not None

    def clean(self):
        cleaned = super().clean()
        if "withdrawn" in self.fields:
            if cleaned.get("withdrawn"):
                self.instance.withdrawn_at = self.instance.withdrawn_at or timezone.now()
                if not cleaned.get("withdrawal_reason"):
                    message = _("Choose why the speaker is withdrawn.")
                    self.add_error("withdrawal_reason", message)
            else:
                self.instance.withdrawn_at = None
                cleaned["withdrawal_reason"] = ""
        was_protected = self.stored.get("shown_as", Showing.FULL_NAME) != Showing.FULL_NAME
        if (
            not self.sees_real_name
            and was_protected
            and cleaned.get("shown_as") == Showing.FULL_NAME
        ):
            message = _(
                "Only an editor allowed to see the real names of protected speakers can "
                "show this speaker by full name."
            )
            self.add_error("shown_as", message)
        return cleaned

    def protection_changes(self) -> list[str]:
        return protection_changes(self.stored, self.instance)


class ProtectionComments:
    """Say in a revision's comment what changed in speakers' protection and consent, in
    words: Django's own message names only the fields that changed.

    ``protection_notes`` gives the sentences; they travel to ``log_change`` (or
    ``log_addition``) in the message Django passes it, under a key its display ignores."""

    def protection_notes(self, form, formsets) -> list[str]:
        raise NotImplementedError

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        notes = self.protection_notes(form, formsets or [])
        return [*message, {"protection": notes}] if notes else message

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._comment(entry, message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self._comment(entry, message)
        return entry

    @staticmethod
    def _comment(entry, message) -> None:
        if not isinstance(message, list):
            return
        notes = [note for part in message for note in part.get("protection", ())]
        if notes and reversion.is_active():
            reversion.set_comment(" ".join(filter(None, [entry.get_change_message(), *notes])))


class HiddenNamesHistory:
    """The history of a row that names protected speakers, for a user who may not see
    who they are: its comments written with the names shown, and no compare or revert
    page, whose older versions may show the names themselves.

    ``names_hidden_from(request, obj)`` gives each real name to hide and what to write
    instead (none: nothing to hide)."""

    def names_hidden_from(self, request, obj) -> dict[str, str]:
        raise NotImplementedError

    def _refuse_hidden(self, request, object_id) -> None:
        obj = self.get_object(request, object_id)
        if obj is not None and self.names_hidden_from(request, obj):
            raise PermissionDenied

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        obj = self.get_object(request, object_id)
        names = self.names_hidden_from(request, obj) if obj is not None else {}
        if names:
            for action in response.context_data["action_list"]:
                revision = action["revision"]
                revision.comment = mask_names(revision.get_comment(), names)
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        self._refuse_hidden(request, object_id)
        return super().revision_view(request, object_id, version_id, extra_context)

    def compare_view(self, request, object_id, extra_context=None):
        self._refuse_hidden(request, object_id)
        return super().compare_view(request, object_id, extra_context)


class WithdrawForm(forms.Form):
    reason = forms.ChoiceField(label=gettext_lazy("Why"), choices=Withdrawal.choices)


def withdraw_action(model_admin, request, queryset, *, withdraw):
    """The "Withdraw" action of people and appearances: asks why, then withdraws through
    ``withdraw(rows, reason)``, which returns how many were."""
    rows = list(queryset)
    form = WithdrawForm(request.POST if "reason" in request.POST else None)
    if not form.is_valid():
        return TemplateResponse(
            request,
            "admin/withdraw.html",
            {
                **model_admin.admin_site.each_context(request),
                "title": _("Withdraw"),
                "rows": rows,
                "form": form,
                "opts": model_admin.model._meta,
                "action": request.POST.get("action", ""),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
    count = withdraw(rows, form.cleaned_data["reason"])
    model_admin.message_user(
        request,
        _("Withdrawn: %(count)d, from every page, feed, search and export.") % {"count": count},
        messages.SUCCESS,
    )
    return None


class ProtectionFilter(admin.SimpleListFilter):
    """Protected or withdrawn speakers, the rows editors review."""

    title = gettext_lazy("protection")
    parameter_name = "protection"

    def lookups(self, request, model_admin):
        return [
            ("protected", _("Not shown by full name")),
            ("withdrawn", _("Withdrawn")),
            ("none", _("Neither")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "protected":
            return queryset.exclude(shown_as=Showing.FULL_NAME)
        if self.value() == "withdrawn":
            return queryset.filter(withdrawn_at__isnull=False)
        if self.value() == "none":
            return queryset.filter(shown_as=Showing.FULL_NAME, withdrawn_at__isnull=True)
        return queryset
