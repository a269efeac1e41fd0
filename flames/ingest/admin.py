from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from flames.ingest import services
from flames.ingest.forms import AnnouncementForm
from flames.ingest.models import ImportedAnnouncement
from flames.ingest.parsing import AnnouncementError

PASTED = "pasted"
OUTCOMES = {
    "created": gettext_lazy("Episode created: %(episode)s"),
    "updated": gettext_lazy("Episode updated: %(episode)s"),
    "left alone": gettext_lazy("Nothing changed in %(episode)s; see the notes for review"),
    "unchanged": gettext_lazy("Nothing to change in %(episode)s"),
}


@admin.register(ImportedAnnouncement)
class ImportedAnnouncementAdmin(admin.ModelAdmin):
    list_display = ["source", "episode", "outcome", "needs_review"]
    list_filter = ["needs_review", "outcome", "language"]
    actions = ["mark_reviewed"]
    search_fields = ["source", "text", "episode__title"]
    fields = ["episode", "outcome", "notes_list", "needs_review", "language", "source", "text"]
    readonly_fields = ["episode", "outcome", "notes_list", "language", "source", "text"]
    list_select_related = ["episode"]

    @admin.action(
        description=gettext_lazy("Mark the selected notes as reviewed"), permissions=["change"]
    )
    def mark_reviewed(self, request, queryset):
        queryset.update(needs_review=False)

    @admin.display(description=gettext_lazy("notes for review"))
    def notes_list(self, record):
        return format_html_join("\n", "<p>{}</p>", ((note,) for note in record.notes)) or "—"

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="ingest_import"), *super().get_urls()]

    def import_view(self, request):
        """Paste an announcement, check who each speaker is, correct, save."""
        if not request.user.has_perm("episodes.add_episode"):
            raise PermissionDenied
        form = AnnouncementForm(request.POST or None)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import announcement"),
            "form": form,
            "opts": self.model._meta,
        }
        if request.method == "POST" and form.is_valid():
            try:
                plan = services.plan_import(text=form.cleaned_data["text"], source=PASTED)
                if "save" in request.POST:
                    plan = services.choose_episode(plan, request.POST.get("episode", ""))
                    plan = services.apply_choices(
                        plan,
                        names=request.POST.getlist("speaker_name"),
                        choices=request.POST.getlist("speaker_person"),
                    )
                    result = services.apply_plan(
                        plan, status=form.cleaned_data["status"], user=request.user
                    )
                    self.message_user(
                        request,
                        OUTCOMES[result.action] % {"episode": result.episode},
                        messages.SUCCESS,
                    )
                    return redirect(
                        reverse("admin:episodes_episode_change", args=[result.episode.pk])
                    )
                context["plan"] = plan
            except (AnnouncementError, services.UnstorableAnnouncement, ValueError) as error:
                form.add_error("text", str(error))
        return TemplateResponse(request, "admin/ingest/import.html", context)
