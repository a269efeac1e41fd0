"""What changed in how a speaker is shown, their consent or their withdrawal, in words:
the comments of the revisions the back office keeps, and the report editors review."""

from django.utils.translation import gettext as _

from flames.people.models import Consent, Person, Protection, Showing, Withdrawal

# How a speaker is shown, as editors type it in; then their withdrawal.
SHOWING_FIELDS = ("shown_as", "shown_name", "shown_name_uk", "show_organization", "show_portrait")
PROTECTION_FIELDS = (*SHOWING_FIELDS, "withdrawn_at", "withdrawal_reason")
CONSENT_FIELDS = ("portrait_consent", "directory_consent")
REAL_NAME = "people.view_real_name"


def sees_real_name(user) -> bool:
    """Whether ``user`` may see the real names of protected speakers."""
    return user.has_perm(REAL_NAME)


def showing(protection: Protection) -> str:
    """How the speaker is shown, as an editor says it: "first name only (“Andrii”)"."""
    how = {
        Showing.FULL_NAME: _("shown by full name"),
        Showing.FIRST_NAME: _("shown as first name only"),
        Showing.PSEUDONYM: _("shown as a pseudonym"),
        Showing.DESCRIPTION: _("shown as a description"),
    }[Showing(protection.shown_as)]
    if protection.is_protected:
        return f"{how} “{protection.shown_name}”"
    return how


def withdrawn(reason: str) -> str:
    """ "withdrawn (the person asked)"."""
    if not reason:
        return _("withdrawn")
    return _("withdrawn (%(reason)s)") % {"reason": str(Withdrawal(reason).label).lower()}


def _withdrawal(protection: Protection) -> str:
    if protection.withdrawn_at is None:
        return _("no longer withdrawn")
    return withdrawn(protection.withdrawal_reason)


def protection_changes(before: dict, after: Protection) -> list[str]:
    """The parts of the protection that differ between the values ``before`` (field name
    to value, as stored) and ``after``, in words."""

    def changed(*fields: str) -> bool:
        return any(before.get(field) != getattr(after, field) for field in fields)

    parts = []
    if changed("shown_as", "shown_name", "shown_name_uk"):
        parts.append(showing(after))
    if changed("show_organization"):
        shown = after.show_organization
        parts.append(_("organization shown") if shown else _("organization hidden"))
    if changed("show_portrait"):
        parts.append(_("portrait shown") if after.show_portrait else _("portrait hidden"))
    if changed("withdrawn_at", "withdrawal_reason"):
        parts.append(_withdrawal(after))
    return parts


def consent_changes(before: dict, after: Person) -> list[str]:
    parts = []
    if before.get("portrait_consent") != after.portrait_consent:
        label = Consent(after.portrait_consent).label
        parts.append(_("portrait %(consent)s") % {"consent": str(label).lower()})
    if before.get("directory_consent") != after.directory_consent:
        label = Consent(after.directory_consent).label
        parts.append(_("directory %(consent)s") % {"consent": str(label).lower()})
    return parts


def protection_comment(parts: list[str], *, of: str = "") -> str:
    """ "Protection: shown as first name only “Andrii”; organization hidden." (``of``
    names whose protection it is, when the revision holds several speakers)."""
    if of:
        return _("Protection of %(speaker)s: %(changes)s.") % {
            "speaker": of,
            "changes": "; ".join(parts),
        }
    return _("Protection: %(changes)s.") % {"changes": "; ".join(parts)}


def consent_comment(parts: list[str]) -> str:
    return _("Consent: %(changes)s.") % {"changes": "; ".join(parts)}


def hidden_names(person: Person, shown: str) -> dict[str, str]:
    """Each way of writing ``person``'s real name, with what to write instead."""
    names = {person.name, person.sort_name, *(spelling.name for spelling in person.names.all())}
    return {name: shown for name in names if name}


def mask_names(text: str, names: dict[str, str]) -> str:
    """``text`` with each of ``names`` replaced, the longest first (a name may hold a
    shorter one)."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, names[name])
    return text
