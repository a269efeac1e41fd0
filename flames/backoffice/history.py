"""When a row's fields last changed, and by whom, from the revisions the back office keeps."""

from datetime import datetime

from reversion.models import Revision, Version


def _comparable(value):
    # Versions keep times to the millisecond (Django's JSON serializer); the database,
    # to the microsecond.
    if isinstance(value, datetime):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    return value


def last_change(obj, fields) -> Revision | None:
    """The revision that gave ``obj`` its present values of ``fields``: the oldest of the
    newest versions that all hold them. None when no version holds them (changed where
    no revision was kept)."""
    now = [_comparable(getattr(obj, field)) for field in fields]
    found = None
    versions = Version.objects.get_for_object(obj).select_related("revision__user")
    for version in versions.iterator():
        if [_comparable(version.field_dict.get(field)) for field in fields] != now:
            break
        found = version.revision
    return found
