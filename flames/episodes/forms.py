from django import forms
from django.utils.translation import gettext_lazy as _

from flames.episodes.models import Episode
from flames.episodes.services import episode_slug


class EpisodeAdminForm(forms.ModelForm):
    """The back office's episode form: an empty slug is made from number and title on
    save, the same way imports make it."""

    class Meta:
        model = Episode
        fields = ["number", "title", "slug"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields["slug"]
        slug.required = False
        slug.help_text = _("Leave empty to make it from the number and title.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("slug") and cleaned.get("title"):
            cleaned["slug"] = episode_slug(
                number=cleaned.get("number"), title=cleaned["title"], instance=self.instance
            )
        return cleaned
