"""Back-office sign-in limits (django-axes counts, see settings): what the login page and
a paused sign-in say, one log line per failed attempt, and ``RefusePaused``, which
answers a paused address's sign-ins before Django runs."""

import logging
import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.wsgi import WSGIRequest
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from flames.guard.throttling import address_in
from flames.web.errorpages import KeptAnswers, language_of, with_security_headers

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


class RefusePaused:
    """WSGI middleware: a sign-in from an address axes has paused gets the paused page
    without entering Django, so a flood of wrong passwords costs about what a flood of
    cached pages does. Django still answers every other sign-in, and axes there pauses
    an address or an account when its limit is reached. A paused address is asked
    about again after RECHECK_SECONDS: a pause lifted in the back office holds no
    longer than that."""

    RECHECK_SECONDS = 1.0
    REMEMBERED_ADDRESSES = 10_000

    def __init__(self, app, *, sign_in: str):
        self.app = app
        self.sign_in = sign_in
        self.answers = KeptAnswers()
        self.paused_until: dict[str, float] = {}

    def __call__(self, environ, start_response):
        if (
            environ.get("REQUEST_METHOD") == "POST"
            and environ.get("PATH_INFO") == self.sign_in
            and settings.AXES_ENABLED
            and self._is_paused(environ)
        ):
            return self._refuse(WSGIRequest(environ), start_response)
        return self.app(environ, start_response)

    def _is_paused(self, environ) -> bool:
        address = address_in(environ)
        if self.paused_until.get(address, 0) > time.monotonic():
            return True
        # The address's count includes every account's from it, so an address with an
        # account paused is paused itself. Naming no account keeps axes from reading
        # the form, which Django reads after this.
        if not AxesProxyHandler.is_locked(WSGIRequest(environ), credentials={"username": None}):
            return False
        if len(self.paused_until) >= self.REMEMBERED_ADDRESSES:
            self.paused_until.clear()
        self.paused_until[address] = time.monotonic() + self.RECHECK_SECONDS
        return True

    def _refuse(self, request, start_response):
        language = language_of(request)
        key = (language, request.is_secure())
        answer = self.answers.get(key)
        if answer is None:
            request.user = AnonymousUser()
            with translation.override(language):
                response = paused(request)
            response["Content-Language"] = language
            answer = self.answers.keep(key, with_security_headers(request, response))
        return answer.send(start_response)


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
