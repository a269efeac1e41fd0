"""What the parser returns: an announcement and its speakers, roles and calls to action."""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class Role:
    title: str
    organization: str | None = None
    start_year: int | None = None
    end_year: int | None = None

    def as_dict(self) -> dict:
        return {
            "title": self.title,
            "organization": self.organization,
            "start_year": self.start_year,
            "end_year": self.end_year,
        }


# How an announcement names a speaker (the values of ``people.models.Showing``).
FULL_NAME = "full_name"
FIRST_NAME = "first_name"  # "Andrii, citizen of Kherson": one word is never a full name
PSEUDONYM = "pseudonym"  # “Bird”, «Птаха», "Oleksandr “Bird”"
DESCRIPTION = "description"  # "a resident of occupied Kherson"

_UNNAMED_WARNINGS = {
    FIRST_NAME: "speaker without a surname: {}",
    PSEUDONYM: "speaker under a pseudonym: {}",
    DESCRIPTION: "speaker described without a name: {}",
}


@dataclass(frozen=True)
class Speaker:
    name: str  # as written: the first name, the pseudonym in its quotes, the description
    announced_as: str
    roles: tuple[Role, ...] = ()
    # Anything but a full name may be protecting the speaker (a resident of an occupied
    # town, a soldier): shown as announced, and not enough to tell who this is, so never
    # matched to anyone in the directory.
    shown_as: str = FULL_NAME

    @property
    def name_incomplete(self) -> bool:
        return self.shown_as != FULL_NAME

    @property
    def warning(self) -> str | None:
        """What an editor is told about a speaker the announcement did not name in full."""
        template = _UNNAMED_WARNINGS.get(self.shown_as)
        return template.format(self.name) if template else None

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "name_incomplete": self.name_incomplete,
            "shown_as": self.shown_as,
            "announced_as": self.announced_as,
            "roles": [role.as_dict() for role in self.roles],
        }


@dataclass(frozen=True)
class CallToAction:
    kind: str  # "recommendations" | "donation"
    organization: str
    url: str | None = None

    def as_dict(self) -> dict:
        return {"kind": self.kind, "organization": self.organization, "url": self.url}


@dataclass(frozen=True)
class Announcement:
    title: str
    number: int | None
    language: str  # "en" | "uk"
    summary: str
    speakers: tuple[Speaker, ...]
    partners: tuple[str, ...]
    calls_to_action: tuple[CallToAction, ...]
    warnings: tuple[str, ...]

    def as_dict(self) -> dict:
        """The JSON shape of ``flames parse`` (without "source")."""
        return {
            "title": self.title,
            "number": self.number,
            "language": self.language,
            "summary": self.summary,
            "speakers": [speaker.as_dict() for speaker in self.speakers],
            "partners": list(self.partners),
            "calls_to_action": [cta.as_dict() for cta in self.calls_to_action],
            "warnings": list(self.warnings),
        }


class AnnouncementError(ValueError):
    """The text is not an announcement; the message is one short line saying why."""
