"""ETag and Last-Modified for feeds, so polling readers mostly get a 304.

Both validators come from ``ContentVersion``, the counter every edit bumps (the
same signal that empties the page cache). ``max(updated_at)`` alone would miss
changes that never touch an episode row: the admin's bulk publish action, a
speaker renamed, an appearance removed, a call to action edited. So:

- the ETag is a hash of the content version, of the latest air time that has
  come (an episode published ahead of its air time joins the feeds when it airs,
  without any edit) and of what the URL shows (host, scheme, path: the language
  is in the path), and
- Last-Modified is when this server first saw that content version, kept in
  the cache, so it never goes back in time for a client that polls with
  If-Modified-Since only, or that air time if it is later.

A request costs two indexed single-row queries plus one cache read.
"""

import functools
import hashlib
from datetime import UTC, datetime, time

from django.core.cache import cache
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition

from flames.publishing.selectors import latest_airing
from flames.web.pagecache import SHARED_CACHE_SECONDS, current_version

_SEEN_KEY = "flames:publishing:version-seen:{}"


def _first_seen(version: int) -> datetime:
    now = datetime.now(UTC).replace(microsecond=0)
    seen = cache.get_or_set(_SEEN_KEY.format(version), now.timestamp(), timeout=None)
    return datetime.fromtimestamp(seen, tz=UTC)


def _validators(request, daily: bool) -> tuple[str, datetime]:
    memo = getattr(request, "_flames_validators", None)
    if memo is None:
        version, aired = current_version(), latest_airing()
        modified = _first_seen(version)
        if aired is not None:
            modified = max(modified, aired.astimezone(UTC).replace(microsecond=0))
        aired_at = aired.timestamp() if aired else ""
        identity = f"{version}|{aired_at}|{request.scheme}|{request.get_host()}|{request.path}"
        if daily:
            # Content that depends on today's date (calls to action that start or
            # end) changes at midnight in Kyiv without any edit.
            today = timezone.localdate()
            midnight = timezone.make_aware(datetime.combine(today, time.min))
            modified = max(modified, midnight.astimezone(UTC))
            identity += f"|{today.isoformat()}"
        etag = hashlib.blake2b(identity.encode(), digest_size=12).hexdigest()
        memo = request._flames_validators = (etag, modified)
    return memo


def conditional(*, daily: bool = False):
    """Give a view ETag and Last-Modified headers and answer 304 when they match.

    A 304 carries the same Cache-Control as the 200 it stands for (``public_page``
    only marks 200s), as HTTP asks.
    """
    check = condition(
        etag_func=lambda request, *args, **kwargs: _validators(request, daily)[0],
        last_modified_func=lambda request, *args, **kwargs: _validators(request, daily)[1],
    )

    def decorator(view):
        checked = check(view)

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = checked(request, *args, **kwargs)
            if response.status_code == 304 and not request.user.is_authenticated:
                patch_cache_control(response, public=True, max_age=SHARED_CACHE_SECONDS)
            return response

        return wrapper

    return decorator
