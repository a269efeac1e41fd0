"""Request bodies over their limit are refused with 413 before they are read, through
the production WSGI application."""

import io

import pytest

from flames.wsgi import application
from tests.test_pagecache import request

pytestmark = pytest.mark.django_db


class Body(io.RawIOBase):
    """A request body of ``size`` bytes that counts what the server reads of it."""

    def __init__(self, size: int):
        self.size, self.read_bytes = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        count = min(len(buffer), self.size - self.read_bytes)
        buffer[:count] = b"x" * count
        self.read_bytes += count
        return count


def post(path, body, *, length=True, **headers):
    if length:
        headers["CONTENT_LENGTH"] = str(body.size)
    else:
        headers["HTTP_TRANSFER_ENCODING"] = "chunked"
    return request(
        application,
        path,
        method="POST",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        **{"wsgi.input": body},
        **headers,
    )


def test_large_public_body_is_refused_unread(settings):
    body = Body(200 * 1024 * 1024)

    status, headers, page = post("/uk/search/", body)

    assert status == "413 Request Entity Too Large"
    assert body.read_bytes == 0
    assert headers["Content-Security-Policy"] == settings.CONTENT_SECURITY_POLICY
    assert headers["X-Frame-Options"] == "DENY"
    assert "Забагато даних" in page.decode()


def test_large_chunked_public_body_is_refused_after_the_limit(settings):
    body = Body(10 * 1024 * 1024)

    status, _headers, _page = post("/en/search/", body, length=False)

    assert status == "413 Request Entity Too Large"
    assert body.read_bytes == settings.MAX_BODY_BYTES + 1


def test_small_chunked_body_reaches_django_with_its_length():
    body = Body(1000)

    status, _headers, _page = post("/en/search/", body, length=False)

    # Django reads it (the CSRF check reads the form) and refuses the forged post.
    assert status == "403 Forbidden"
    assert body.read_bytes == 1000


def test_back_office_takes_uploads_up_to_its_own_limit(settings):
    upload = Body(settings.MAX_BODY_BYTES * 10)
    too_large = Body(settings.MAX_UPLOAD_BYTES + 1)

    assert post("/admin/login/", upload)[0] == "403 Forbidden"
    assert post("/admin/login/", too_large)[0] == "413 Request Entity Too Large"
    assert too_large.read_bytes == 0
