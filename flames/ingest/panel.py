"""Writing an announced panel onto an episode without undoing an editor's work."""

from django.utils.translation import gettext as _

from flames import changes
from flames.episodes.models import Appearance
from flames.ingest.rules import Write, decide


class PanelWriter:
    """The panel of one episode as one announcement gives it.

    A panel that only imports have shaped follows the announcement in the episode's
    language: speakers added, reordered, dropped. Once an editor has touched it (added,
    reordered or reworded anyone), the import only fills empty roles and lists the rest
    for review. ``written`` records what this import set, for the next one to compare."""

    def __init__(self, episode, language: str, before: dict, *, created: bool):
        self.episode = episode
        self.language = language
        self.role_field = "announced_as_uk" if language == "uk" else "announced_as"
        self.before = before  # {person id as text: {field: value an import wrote}}
        self.created = created
        self.written: dict[str, dict] = {}

    def write(self, people_in_order, *, leads: bool, notes: list) -> bool:
        """Apply the panel; True if any appearance changed."""
        existing = {}
        if not self.created:
            existing = {a.person_id: a for a in self.episode.appearances.select_related("person")}
        announced, seen = [], set()
        for person, speaker in people_in_order:
            if person.pk not in seen:
                seen.add(person.pk)
                announced.append((person, speaker))
        if leads and all(self._imported(appearance) for appearance in existing.values()):
            return self._follow(announced, existing)
        return self._fill(announced, existing, leads=leads, notes=notes)

    def _imported(self, appearance) -> bool:
        recorded = self.before.get(str(appearance.person_id))
        return recorded is not None and all(
            getattr(appearance, name) == value for name, value in recorded.items()
        )

    def _follow(self, announced, existing) -> bool:
        changed, new = False, []
        for order, (person, speaker) in enumerate(announced, start=1):
            appearance = existing.get(person.pk)
            if appearance is None:
                appearance = Appearance(episode=self.episode, person=person)
                new.append(appearance)
            values = {"order": order, self.role_field: speaker.announced_as}
            if self.language == "uk" and appearance.announced_as in (
                "",
                appearance.announced_as_uk,
            ):
                # A Ukrainian-led panel shows its roles in English too until translated.
                values["announced_as"] = speaker.announced_as
            if any(getattr(appearance, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(appearance, name, value)
                if appearance.pk:
                    appearance.save()
                    changed = True
            self.written[str(person.pk)] = values
        Appearance.objects.bulk_create(new)
        # A bulk insert sends no post_save.
        changes.announce(Appearance, [self.episode.pk] if new else [])
        dropped = [pk for pk in existing if pk not in {person.pk for person, _speaker in announced}]
        if dropped:
            Appearance.objects.filter(episode=self.episode, person__in=dropped).delete()
        return changed or bool(new) or bool(dropped)

    def _fill(self, announced, existing, *, leads: bool, notes: list) -> bool:
        changed = False
        for person, speaker in announced:
            appearance = existing.get(person.pk)
            if appearance is None:
                if leads:
                    notes.append(_("%s is announced but not on the panel") % person.name)
                continue
            recorded = self.before.get(str(person.pk), {}).get(self.role_field)
            current = getattr(appearance, self.role_field)
            verdict = decide(current, speaker.announced_as, recorded)
            if verdict is Write.SET:
                setattr(appearance, self.role_field, speaker.announced_as)
                appearance.save()
                self.written[str(person.pk)] = {self.role_field: speaker.announced_as}
                changed = True
            elif verdict is Write.KEEP:
                notes.append(
                    _(
                        "%(person)s: kept the site's role “%(kept)s”; "
                        "the announcement says “%(announced)s”"
                    )
                    % {"person": person.name, "kept": current, "announced": speaker.announced_as}
                )
        if leads:
            announced_ids = {person.pk for person, _speaker in announced}
            for person_id, appearance in existing.items():
                if person_id not in announced_ids:
                    notes.append(
                        _("%s is on the panel but not in the announcement") % appearance.person.name
                    )
        return changed
