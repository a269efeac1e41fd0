from django import forms
from django.utils.translation import gettext_lazy as _

from flames.episodes.models import Episode


class AnnouncementForm(forms.Form):
    text = forms.CharField(
        label=_("Announcement text"),
        widget=forms.Textarea(attrs={"rows": 20, "cols": 100}),
        max_length=1_000_000,
        strip=False,
    )
    status = forms.ChoiceField(
        label=_("Status of a new episode"),
        choices=Episode.Status.choices,
        initial=Episode.Status.DRAFT,
    )
