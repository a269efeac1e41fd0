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


@dataclass(frozen=True)
class Speaker:
    name: str
    announced_as: str
    roles: tuple[Role, ...] = ()
    # Introduced by a first name only ("Andrii, citizen of Kherson"): not enough to tell
    # who this is, so not to be matched to anyone in the directory.
    name_incomplete: bool = False

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "name_incomplete": self.name_incomplete,
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
