from django import forms
from django.utils.translation import gettext_lazy as _

from flames.transcripts.models import Transcript
from flames.transcripts.parsing import MAX_BYTES, CaptionError, parse_captions


class TranscriptUploadForm(forms.ModelForm):
    """An episode, a language and a caption file, read (and refused) before anything is
    saved."""

    file = forms.FileField(
        label=_("Caption file"),
        help_text=_("WebVTT (.vtt) or SRT (.srt), as YouTube exports them; up to 20 MB."),
    )
    replace = forms.BooleanField(
        label=_("Replace the transcript this episode already has in this language"),
        required=False,
    )

    class Meta:
        model = Transcript
        fields = ["episode", "language"]

    captions = None

    def _get_validation_exclusions(self):
        # The transcript in this language is replaced when asked (clean() checks that),
        # so the model's one-per-language constraint is not checked on this form.
        return {*super()._get_validation_exclusions(), "language"}

    def clean(self):
        cleaned = super().clean()
        episode, language = cleaned.get("episode"), cleaned.get("language")
        if (
            episode
            and language
            and not cleaned.get("replace")
            and Transcript.objects.filter(episode=episode, language=language).exists()
        ):
            self.add_error(
                "replace",
                _(
                    "This episode already has a transcript in this language. Tick the box "
                    "to replace it."
                ),
            )
        upload = cleaned.get("file")
        if upload is not None:
            if upload.size > MAX_BYTES:
                self.add_error(
                    "file",
                    _("The file is %(size).1f MB; the limit is 20 MB.")
                    % {"size": upload.size / 2**20},
                )
            else:
                try:
                    self.captions = parse_captions(upload.read(), filename=upload.name)
                except CaptionError as error:
                    self.add_error(
                        "file",
                        _("%(file)s: %(error)s") % {"file": upload.name, "error": error},
                    )
        return cleaned
