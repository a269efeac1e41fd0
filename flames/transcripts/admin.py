from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from flames.transcripts import services
from flames.transcripts.forms import TranscriptUploadForm
from flames.transcripts.models import Transcript

ADD_FIELDS = ["episode", "language", "file", "replace"]
SHOWN_FIELDS = ["episode", "language", "source_name", "created_at", "cue_count", "voices"]


@admin.register(Transcript)
class TranscriptAdmin(admin.ModelAdmin):
    """Transcripts are added from a caption file and replaced by uploading another one;
    a file that cannot be read is refused on the form and nothing is saved."""

    list_display = ["episode", "language", "cue_count", "source_name", "created_at"]
    list_filter = ["language"]
    search_fields = ["episode__title", "episode__slug", "source_name"]
    list_select_related = ["episode"]
    autocomplete_fields = ["episode"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cue_total=Count("cues"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = TranscriptUploadForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ADD_FIELDS if obj is None else SHOWN_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else SHOWN_FIELDS

    @admin.display(description=_("cues"), ordering="cue_total")
    def cue_count(self, transcript):
        return transcript.cue_total

    @admin.display(description=_("voices"))
    def voices(self, transcript):
        rows = (
            transcript.cues.exclude(voice="")
            .values_list("voice", "speaker__name")
            .order_by("voice")
            .distinct()
        )
        return format_html_join(
            "\n", "<p>{} → {}</p>", ((voice, name or _("not linked")) for voice, name in rows)
        )

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing on a saved transcript is edited by hand
        result = services.attach_transcript(
            episode=form.cleaned_data["episode"],
            language=form.cleaned_data["language"],
            captions=form.captions,
            filename=form.cleaned_data["file"].name,
        )
        obj.pk = result.transcript.pk
        obj.source_name = result.transcript.source_name
        obj.created_at = result.transcript.created_at
        for warning in result.warnings:
            self.message_user(request, warning, messages.WARNING)
        if result.unmatched:
            self.message_user(
                request,
                _("Not linked to anyone on the panel: %(voices)s.")
                % {"voices": ", ".join(result.unmatched)},
                messages.WARNING,
            )
