"""Writing an announced panel onto an episode without undoing an editor's work."""

from django.utils.translation import gettext as _

from flames.episodes import services as episodes
from flames.episodes.models import Appearance
from flames.ingest.rules import Write, decide


def announced_title(roles) -> str:
    """The role without its organizations: what readers see when an editor hides them."""
    return ", ".join(dict.fromkeys(role.title for role in roles))


def label(appearance) -> str:
    """How the report names a speaker: a protected one by the name shown, never more."""
    chosen = appearance.protection
    return chosen.shown_name if chosen.is_protected else appearance.person.name


class PanelWriter:
    """The panel of one episode as one announcement gives it.

    A panel that only imports have shaped follows the announcement in the episode's
    language: speakers added, reordered, dropped. Once an editor has touched it (added,
    reordered or reworded anyone), the import only fills empty roles and lists the rest
    for review. ``written`` records what this import set, for the next one to compare.

    How a speaker is shown is an editor's choice the import never writes over: it
    protects only the new appearance of a speaker the announcement did not name in full,
    shown as announced and flagged for review."""

    def __init__(self, episode, language: str, before: dict, *, created: bool):
        self.episode = episode
        self.language = language
        self.role_field = "announced_as_uk" if language == "uk" else "announced_as"
        self.title_field = "announced_title_uk" if language == "uk" else "announced_title"
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
        changed, new = [], []
        for order, (person, speaker) in enumerate(announced, start=1):
            appearance = existing.get(person.pk)
            if appearance is None:
                appearance = self._new_appearance(person, speaker)
                new.append(appearance)
            values = {"order": order, self.role_field: speaker.announced_as}
            if self.language == "uk" and appearance.announced_as in (
                "",
                appearance.announced_as_uk,
            ):
                # A Ukrainian-led panel shows its roles in English too until translated.
                values["announced_as"] = speaker.announced_as
            titled = self._fill_title(appearance, speaker)
            if any(getattr(appearance, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(appearance, name, value)
                titled = True
            if titled and appearance.pk:
                changed.append(appearance)
            self.written[str(person.pk)] = values
        dropped = [pk for pk in existing if pk not in {person.pk for person, _speaker in announced}]
        episodes.write_panel(episode=self.episode, changed=changed, added=new, dropped=dropped)
        return bool(changed or new or dropped)

    def _new_appearance(self, person, speaker) -> Appearance:
        appearance = Appearance(episode=self.episode, person=person)
        if speaker.unnamed:
            appearance.shown_as = speaker.shown_as
            appearance.shown_name = speaker.name
            appearance.shown_name_uk = speaker.name if self.language == "uk" else ""
            appearance.needs_review = True
        return appearance

    def _fill_title(self, appearance, speaker) -> bool:
        """Fill the role without its organizations where it is empty, in the
        announcement's language; a Ukrainian one shows in English too until translated
        (an English announcement then replaces that copy). True if anything changed."""
        title = announced_title(speaker.roles)
        fields = [self.title_field]
        if self.language == "uk":
            fields.append("announced_title")
        changed = False
        for name in fields:
            current = getattr(appearance, name)
            copied = name == "announced_title" and current == appearance.announced_title_uk
            if title and current != title and (not current or copied):
                setattr(appearance, name, title)
                changed = True
        return changed

    def _fill(self, announced, existing, *, leads: bool, notes: list) -> bool:
        changed = []
        for person, speaker in announced:
            appearance = existing.get(person.pk)
            if appearance is None:
                if leads:
                    notes.append(_("%s is announced but not on the panel") % person.name)
                continue
            titled = self._fill_title(appearance, speaker)
            recorded = self.before.get(str(person.pk), {}).get(self.role_field)
            current = getattr(appearance, self.role_field)
            verdict = decide(current, speaker.announced_as, recorded)
            if verdict is Write.SET:
                setattr(appearance, self.role_field, speaker.announced_as)
                self.written[str(person.pk)] = {self.role_field: speaker.announced_as}
                titled = True
            elif verdict is Write.KEEP:
                notes.append(
                    _(
                        "%(person)s: kept the site's role “%(kept)s”; "
                        "the announcement says “%(announced)s”"
                    )
                    % {
                        "person": label(appearance),
                        "kept": current,
                        "announced": speaker.announced_as,
                    }
                )
            if titled:
                changed.append(appearance)
        if leads:
            announced_ids = {person.pk for person, _speaker in announced}
            for person_id, appearance in existing.items():
                if person_id not in announced_ids:
                    notes.append(
                        _("%s is on the panel but not in the announcement") % label(appearance)
                    )
        episodes.write_panel(episode=self.episode, changed=changed)
        return bool(changed)
