"""Back-office sign-in limits (django-axes counts, see settings): what the login page and
a paused sign-in say, and one log line per failed attempt."""

import logging

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

log = logging.getLogger(__name__)


def pause_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def limits_note() -> str:
    """The login page's sentence on the limit."""
    failures, minutes = settings.AXES_FAILURE_LIMIT, pause_minutes()
    return _("After %(failures)s, sign-in is paused for %(pause)s.") % {
        "failures": ngettext("%(count)d failed attempt", "%(count)d failed attempts", failures)
        % {"count": failures},
        "pause": ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes},
    }


def paused(request, original_response=None, credentials=None):
    """The answer to a paused sign-in (AXES_LOCKOUT_CALLABLE): a page in the admin's
    design, 429 with Retry-After. The pause runs from the last counted failure, so its
    full length is the longest the client has to wait."""
    minutes = pause_minutes()
    response = render(
        request,
        "admin/sign_in_paused.html",
        {
            **admin.site.each_context(request),
            "title": _("Sign-in paused"),
            "pause": ngettext(
                "Sign-in is paused for %(count)d minute.",
                "Sign-in is paused for %(count)d minutes.",
                minutes,
            )
            % {"count": minutes},
        },
        status=429,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def log_failure(sender, credentials, request=None, **kwargs):
    """One line per failed sign-in (a user_login_failed receiver, run after axes', whose
    count it reads). The username is quoted with repr, so it cannot forge a line; the
    password never reaches here (Django masks it in ``credentials``)."""
    if request is None:
        return
    who = repr(credentials.get("username", ""))
    address = getattr(request, "axes_ip_address", "")
    failures = getattr(request, "axes_failures_since_start", None)
    limit = settings.AXES_FAILURE_LIMIT
    if failures is None:  # refused by axes without being counted: already paused
        log.warning("Refused sign-in as %s from %s: sign-in is paused", who, address)
    elif failures < limit:
        log.warning("Failed sign-in as %s from %s (%d of %d)", who, address, failures, limit)
    else:
        log.warning(
            "Failed sign-in as %s from %s (%d of %d): sign-in paused for %d minutes",
            *(who, address, failures, limit, pause_minutes()),
        )
