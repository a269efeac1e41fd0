"""Back-office sign-in under attack: attempts are limited per address (and per account
from that address) before any password is hashed, each failure is logged once, and a
paused sign-in says so in the admin's design."""

import io
import logging
import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db.models import F

from tests.hashers import CountingHasher

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
RIGHT = "correct horse battery"


@pytest.fixture
def editor(settings):
    settings.PASSWORD_HASHERS = ["tests.hashers.CountingHasher"]
    user = get_user_model().objects.create_user(
        "editor", password=RIGHT, is_staff=True, is_superuser=True
    )
    CountingHasher.runs = 0
    return user


def sign_in(client, password, *, username="editor", next_page="/admin/", **headers):
    data = {"username": username, "password": password}
    if next_page is not None:
        data["next"] = next_page
    return client.post(LOGIN, data, **headers)


def test_wrong_passwords_pause_sign_in_even_for_the_right_one(client, editor):
    statuses = [sign_in(client, f"guess {n}").status_code for n in range(50)]
    right = sign_in(client, RIGHT)

    assert statuses == [200] * 4 + [429] * 46
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_sign_in_works_again_after_the_pause(client, editor):
    for n in range(5):
        sign_in(client, f"guess {n}")
    assert sign_in(client, RIGHT).status_code == 429

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=15, seconds=1))
    response = sign_in(client, RIGHT)

    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_a_paused_sign_in_hashes_no_password(client, editor):
    for n in range(5):
        sign_in(client, f"guess {n}")
    assert CountingHasher.runs == 5

    for n in range(20):
        sign_in(client, f"more {n}")
    sign_in(client, "anything", username="nobody")
    sign_in(client, RIGHT)

    assert CountingHasher.runs == 5


def test_the_pause_holds_for_every_account_from_that_address(client, editor):
    for n in range(5):
        sign_in(client, f"guess {n}", username=f"user{n}")

    assert sign_in(client, RIGHT).status_code == 429


def test_another_address_may_still_sign_in(client, editor):
    for n in range(5):
        sign_in(client, f"guess {n}", REMOTE_ADDR="203.0.113.9")

    response = sign_in(client, RIGHT, REMOTE_ADDR="198.51.100.7")

    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_each_failure_is_logged_once_without_the_password(client, editor, caplog):
    caplog.set_level(logging.INFO)
    for n in range(6):
        sign_in(client, f"secret-guess-{n}", REMOTE_ADDR="203.0.113.9")
    sign_in(client, RIGHT, REMOTE_ADDR="203.0.113.9")

    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert lines == [
        *(f"Failed sign-in as 'editor' from 203.0.113.9 ({n} of 5)" for n in range(1, 5)),
        "Failed sign-in as 'editor' from 203.0.113.9 (5 of 5): sign-in paused for 15 minutes",
        "Refused sign-in as 'editor' from 203.0.113.9: sign-in is paused",
        "Refused sign-in as 'editor' from 203.0.113.9: sign-in is paused",
    ]
    assert "secret-guess" not in caplog.text
    assert RIGHT not in caplog.text


def test_a_username_cannot_forge_a_log_line(client, editor, caplog):
    sign_in(client, "guess", username="x\nFailed sign-in as 'admin' from 10.0.0.1")

    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert lines == [
        "Failed sign-in as \"x\\nFailed sign-in as 'admin' from 10.0.0.1\" from 127.0.0.1 (1 of 5)"
    ]


def test_login_page_tells_the_limit(client, db):
    english = client.get(LOGIN).content.decode()
    ukrainian = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="uk").content.decode()

    assert "After 5 failed attempts, sign-in is paused for 15 minutes." in english
    assert "Після 5 невдалих спроб вхід призупиняється на 15 хвилин." in ukrainian


def test_paused_sign_in_is_a_page_in_the_admin_design(client, editor):
    for n in range(5):
        response = sign_in(client, f"guess {n}")

    html = response.content.decode()
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert '<div id="site-name"><a href="/admin/">Flames</a></div>' in html
    assert "Too many failed sign-in attempts" in html
    assert "Sign-in is paused for 15 minutes." in html


def test_paused_sign_in_page_in_ukrainian(client, editor):
    for n in range(6):
        response = sign_in(client, f"guess {n}", HTTP_ACCEPT_LANGUAGE="uk")

    assert response.status_code == 429
    assert "Вхід призупинено на 15 хвилин." in response.content.decode()


@pytest.mark.parametrize("next_page", ["https://evil.example/", "//evil.example/admin/", "", None])
def test_a_refused_next_lands_on_the_admin_index(client, editor, next_page):
    response = sign_in(client, RIGHT, next_page=next_page)

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get(response["Location"]).status_code == 200


def test_an_allowed_next_is_followed(client, editor):
    response = sign_in(client, RIGHT, next_page="/admin/people/person/")

    assert (response.status_code, response["Location"]) == (302, "/admin/people/person/")


class Site:
    """The production WSGI layers around a counted Django, driven like a browser:
    the login form's CSRF token first, then posts."""

    def __init__(self):
        from flames.wsgi import django_application, layered
        from tests.test_pagecache import Recorder

        self.django = Recorder(django_application)
        self.app = layered(self.django)
        status, headers, body = self.request("GET", REMOTE_ADDR="192.0.2.1")
        self.cookie = headers["Set-Cookie"].split(";")[0]
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body.decode())[1]

    def request(self, method, body=b"", **environ):
        from tests.test_pagecache import request

        environ.setdefault("wsgi.input", io.BytesIO(body))
        return request(self.app, LOGIN, method=method, **environ)

    def sign_in(self, password, *, address="203.0.113.9", **environ):
        form = {"username": "editor", "password": password, "next": "/admin/"}
        body = urlencode({**form, "csrfmiddlewaretoken": self.token}).encode()
        return self.request(
            "POST",
            body,
            REMOTE_ADDR=address,
            HTTP_COOKIE=self.cookie,
            CONTENT_TYPE="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(len(body)),
            **environ,
        )


@pytest.fixture
def site(transactional_db, editor):
    """Transactional: Django closes the connection after each request it answers, which
    would end a test's own transaction on PostgreSQL."""
    return Site()


def test_a_paused_address_is_refused_before_django(site, settings):
    answers = [site.sign_in(f"guess {n}")[0] for n in range(5)]
    calls = site.django.calls

    status, headers, body = site.sign_in(RIGHT)

    html = body.decode()
    assert answers == ["200 OK"] * 4 + ["429 Too Many Requests"]
    assert (status, site.django.calls) == ("429 Too Many Requests", calls)
    assert headers["Retry-After"] == "900"
    assert headers["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Language"] == "en"
    assert '<div id="site-name"><a href="/admin/">Flames</a></div>' in html
    assert "Sign-in is paused for 15 minutes." in html
    assert "csrfmiddlewaretoken" not in html
    assert CountingHasher.runs == 5


def test_a_paused_address_is_refused_in_its_language(site):
    for n in range(5):
        site.sign_in(f"guess {n}")

    status, headers, body = site.sign_in(RIGHT, HTTP_ACCEPT_LANGUAGE="uk")

    assert (status, headers["Content-Language"]) == ("429 Too Many Requests", "uk")
    assert "Вхід призупинено на 15 хвилин." in body.decode()


def test_beside_a_paused_address_sign_in_reads_the_form(site):
    for n in range(5):
        site.sign_in(f"guess {n}")

    status, headers, _body = site.sign_in(RIGHT, address="198.51.100.7")

    assert (status, headers["Location"]) == ("302 Found", "/admin/")


def test_a_paused_address_still_gets_the_login_page(site):
    for n in range(5):
        site.sign_in(f"guess {n}")
    calls = site.django.calls

    status, _headers, body = site.request("GET", REMOTE_ADDR="203.0.113.9")

    assert (status, site.django.calls) == ("200 OK", calls + 1)
    assert "After 5 failed attempts, sign-in is paused for 15 minutes." in body.decode()


def test_a_pause_lifted_in_the_back_office_ends_within_a_second(site, monkeypatch):
    class Clock:
        now = 1000.0

        def monotonic(self):
            return self.now

    clock = Clock()
    monkeypatch.setattr("flames.guard.sign_in.time", clock)
    for n in range(5):
        site.sign_in(f"guess {n}")
    assert site.sign_in(RIGHT)[0] == "429 Too Many Requests"

    AccessAttempt.objects.all().delete()  # what the back office's reset does
    assert site.sign_in(RIGHT)[0] == "429 Too Many Requests"
    clock.now += 1.0
    status, headers, _body = site.sign_in(RIGHT)

    assert (status, headers["Location"]) == ("302 Found", "/admin/")
