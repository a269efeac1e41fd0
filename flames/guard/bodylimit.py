"""Refuse a request body over its limit before reading it.

No public page takes a form, so public addresses accept small bodies only; the
back office takes uploads (caption files) up to a larger limit. A body with a
Content-Length over the limit is refused on that number alone, unread; a body
without one (chunked) is read up to one byte past the limit and refused there,
or handed on with its length, so nothing behind this layer reads more.
"""

import io

from django.core.handlers.wsgi import WSGIRequest

from flames.web.errorpages import error_page, wsgi_response


class BodyLimit:
    """WSGI middleware answering 413 to a body over the limit of its address."""

    def __init__(self, app, *, public_bytes: int, back_office_bytes: int, back_office: str):
        self.app = app
        self.public_bytes = public_bytes
        self.back_office_bytes = back_office_bytes
        self.back_office = back_office

    def __call__(self, environ, start_response):
        in_back_office = environ.get("PATH_INFO", "").startswith(self.back_office)
        limit = self.back_office_bytes if in_back_office else self.public_bytes
        if environ.get("CONTENT_LENGTH", "").strip():
            # Django reads a length it cannot parse as an empty body.
            try:
                too_large = int(environ["CONTENT_LENGTH"]) > limit
            except ValueError:
                too_large = False
        elif "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            body = environ["wsgi.input"].read(limit + 1)
            too_large = len(body) > limit
            environ = {**environ, "wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
        else:
            too_large = False
        if too_large:
            return wsgi_response(error_page(WSGIRequest(environ), 413), start_response)
        return self.app(environ, start_response)
