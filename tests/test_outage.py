"""A database outage, through the production WSGI layers, on SQLite and PostgreSQL:
cached pages are still served, the rest gets a 503 page, the log says it once."""

import concurrent.futures
import logging
import socket

import pytest
from django.db import connections

from flames.web.errorpages import AnswerErrors
from flames.web.pagecache import PageCache
from flames.wsgi import django_application
from tests import factories
from tests.test_pagecache import request

pytestmark = pytest.mark.django_db(transaction=True)


class Database:
    """Requests run in a thread of their own, whose connection can be pointed at a
    database that is not there: a folder for SQLite, a closed port for PostgreSQL."""

    def __init__(self, nowhere: str):
        self.thread = concurrent.futures.ThreadPoolExecutor(max_workers=1)
        self.nowhere = nowhere

    def run(self, function, *args, **kwargs):
        return self.thread.submit(function, *args, **kwargs).result()

    def stop(self):
        def point_nowhere():
            connection = connections["default"]
            if connection.vendor == "sqlite":
                unreachable = {"NAME": self.nowhere}
            else:
                unreachable = {"HOST": "127.0.0.1", "PORT": str(closed_port())}
            self.settings = connection.settings_dict
            connection.settings_dict = {**self.settings, **unreachable}
            connection.close()

        self.run(point_nowhere)

    def start(self):
        def point_back():
            connection = connections["default"]
            connection.close()
            connection.settings_dict = self.settings

        self.run(point_back)

    def close(self):
        self.run(lambda: connections["default"].close())
        self.thread.shutdown()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database(tmp_path):
    database = Database(str(tmp_path))
    yield database
    database.close()


@pytest.fixture
def app():
    return AnswerErrors(
        PageCache(django_application, max_entries=100, seconds=300, check_interval=0)
    )


def outage_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if "database" in record.getMessage()]


def test_outage_serves_cached_pages_even_stale_and_a_503_page_for_the_rest(
    database, app, caplog, settings
):
    episode = factories.episode("Before the outage", slug="talk")
    cached = database.run(request, app, "/uk/episodes/talk/")
    episode.title = "Edited just before"
    episode.save()
    database.stop()

    with caplog.at_level(logging.INFO):
        during = database.run(request, app, "/uk/episodes/talk/")
        status, headers, body = database.run(request, app, "/uk/people/")
        unprefixed = database.run(request, app, "/sitemap.xml", HTTP_ACCEPT_LANGUAGE="uk")
        for _ in range(5):
            database.run(request, app, "/en/topics/")

    assert during == cached
    assert status == "503 Service Unavailable"
    assert headers["Retry-After"] == "30"
    assert headers["Content-Language"] == "uk"
    assert headers["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Тимчасово недоступно" in body.decode()
    assert (unprefixed[0], unprefixed[1]["Content-Language"]) == ("503 Service Unavailable", "uk")
    assert [line.split(":")[0] for line in outage_lines(caplog)] == ["database unreachable"]
    assert all(record.exc_info is None for record in caplog.records)


def test_service_returns_once_the_database_does(database, app, caplog):
    factories.episode("Talk", slug="talk")
    database.stop()
    assert database.run(request, app, "/en/episodes/talk/")[0] == "503 Service Unavailable"

    database.start()
    with caplog.at_level(logging.INFO):
        status, _headers, body = database.run(request, app, "/en/episodes/talk/")

    assert status == "200 OK"
    assert b"Talk" in body
    assert outage_lines(caplog) == ["database reachable again"]


def test_503_page_over_https_carries_hsts(database, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    app = AnswerErrors(PageCache(django_application, max_entries=100, seconds=300))
    database.stop()

    status, headers, _body = database.run(
        request, app, "/en/people/", HTTP_X_FORWARDED_PROTO="https"
    )

    assert status == "503 Service Unavailable"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_an_exception_escaping_django_gets_a_500_page_with_the_security_headers(caplog, settings):
    def broken(environ, start_response):
        raise RuntimeError("broken on purpose")

    status, headers, body = request(AnswerErrors(broken), "/uk/")

    assert status == "500 Internal Server Error"
    assert headers["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Language"] == "uk"
    assert "Щось пішло не так" in body.decode()
    assert caplog.records[-1].getMessage() == "error answering GET /uk/"
