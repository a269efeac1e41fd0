"""Rendering the site's own pages through its real views, in this process or in workers.

A ``Renderer`` answers anonymous GET requests with Django's request handler and
the project's middleware (language prefixes, security headers, the CSP), the
same path a reader's request takes minus the page cache, and keeps each body
until the exporter knows where every address lives in the mirror. Then it
rewrites the links and writes its files (``write``).

``WorkerPool`` runs one renderer per forked process, each with its own database
connection (Django opens one on first use), and hands out addresses in small
batches; ``InlinePool`` is the same interface in this process, for one worker
or a database a forked process cannot share (SQLite in memory, as in tests).
"""

import contextlib
import hashlib
import multiprocessing
import os
import signal
import time
import traceback
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from urllib.parse import urlsplit

from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.db import connections
from django.db.models.signals import post_init
from django.urls import set_script_prefix
from django.utils import translation
from django.utils.translation import get_language

from flames.export import links, selectors
from flames.export.changes import Dependencies
from flames.runtime.disk import naming

# The WSGI environ key the search template looks for. Clients cannot send it:
# request headers always arrive as HTTP_* keys.
STATIC_EXPORT_KEY = "FLAMES_STATIC_EXPORT"
REDIRECTS = (301, 302, 303, 307, 308)
# Addresses handed to a worker at a time: small enough to keep both cores busy
# while the crawl is still finding pages, large enough to keep messages few.
BATCH = 48


@dataclass
class Rendered:
    """What one address answered, without the body (the renderer keeps that)."""

    key: str
    status: int
    kind: str = "html"
    public: bool = False
    location: str = ""
    lang: str = ""
    references: list[str] = field(default_factory=list)
    # Addresses a sitemap lists: the pages search indexes.
    listed: list[str] = field(default_factory=list)
    referenced: bool = True
    # (table number, primary key) pairs of every instance the page loaded.
    dependencies: object = None
    view: str = ""
    seconds: float = 0.0


@dataclass
class Written:
    file: str
    digest: str
    size: int
    changed: bool


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Renderer:
    def __init__(self, mirror: links.Mirror):
        self.mirror = mirror
        origin = urlsplit(mirror.origin)
        self.environ = {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            "SERVER_NAME": origin.hostname,
            "SERVER_PORT": str(origin.port or (443 if origin.scheme == "https" else 80)),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": origin.netloc,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": origin.scheme,
            "wsgi.multiprocess": True,
            "wsgi.multithread": False,
            "wsgi.run_once": False,
            STATIC_EXPORT_KEY: "1",
        }
        self.handler = BaseHandler()
        self.handler.load_middleware()
        self.bodies: dict[str, tuple[str | bytes, str, str]] = {}
        self.dependencies = Dependencies()
        post_init.connect(self.dependencies, weak=False, dispatch_uid="flames-export-dependencies")

    def get(self, key: str):
        """The response to an anonymous GET of ``key``."""
        path, _, query = key.partition("?")
        environ = {
            **self.environ,
            "PATH_INFO": path.encode().decode("iso-8859-1"),
            "QUERY_STRING": links.request_path(key).partition("?")[2] if query else "",
            "wsgi.input": _EMPTY,
            "wsgi.errors": _ERRORS,
        }
        set_script_prefix("/")
        self.request = WSGIRequest(environ)
        return self.handler.get_response(self.request)

    def render(self, keys: list[str]) -> list[Rendered]:
        # Each page activates its own language; the caller's messages keep theirs.
        with translation.override(get_language()):
            return [self._render(key) for key in keys]

    def warm_up(self) -> None:
        """Render the home page in every language and forget it: a process's first page
        also loads the templates, the translations and a database connection."""
        self.render(selectors.home_pages())
        self.bodies.clear()

    def close(self) -> None:
        post_init.disconnect(dispatch_uid="flames-export-dependencies")

    def _render(self, key: str) -> Rendered:
        self.dependencies.start()
        started = time.perf_counter()
        try:
            response = self.get(key)
        finally:
            recorded = self.dependencies.stop()
        result = Rendered(key=key, status=response.status_code, dependencies=recorded)
        match = getattr(self.request, "resolver_match", None)
        result.view = match.view_name if match else ""
        result.seconds = time.perf_counter() - started
        if response.status_code in REDIRECTS:
            result.location = response.headers.get("Location", "")
            return result
        if response.status_code != 200:
            return result
        result.kind = links.kind_of(response.headers.get("Content-Type", ""))
        result.public = "public" in response.headers.get("Cache-Control", "")
        result.lang = response.headers.get("Content-Language", "")
        body = response.content
        if result.kind != "binary":
            body = body.decode(response.charset or "utf-8")
            result.references = list(
                dict.fromkeys(links.references(body, result.kind, self.mirror, key))
            )
            if result.kind == "xml" and "<urlset" in body[:600]:
                result.listed = result.references
        self.bodies[key] = (body, result.kind, response.headers.get("Content-Security-Policy", ""))
        return result

    def write(self, job: "WriteJob") -> list[Written]:
        """Rewrite and write every page this renderer holds into ``job.staging``."""
        written = []
        resolve = job.table.get
        known: dict[str, str] = {}
        for key, (body, kind, policy) in self.bodies.items():
            target = job.table.get(key)
            if target is None or target.file is None or target.file in job.skip:
                continue
            if isinstance(body, str):
                text = links.rewrite(body, kind, self.mirror, key, target.file, resolve, known)
                if kind == "html" and policy:
                    text = with_policy(text, policy)
                data = text.encode()
            else:
                data = body
            written.append(write_file(job, target.file, data))
        self.bodies.clear()
        return written


def with_policy(text: str, policy: str) -> str:
    """The page with its Content-Security-Policy as a meta element, for static hosts."""
    meta = links.content_security_meta(policy, allow_wasm="data-static-search" in text)
    anchor = '<meta charset="utf-8">'
    position = text.find(anchor)
    if position < 0:
        anchor = "<head>"
        position = text.find(anchor)
    if position < 0:
        return text
    position += len(anchor)
    return f"{text[:position]}\n{meta}{text[position:]}"


@dataclass
class WriteJob:
    table: dict[str, links.Target]
    previous: dict[str, str]  # file -> digest in the last export
    staging: Path
    current: Path | None  # the last export, to link unchanged files from
    skip: frozenset = frozenset()
    # file -> digest of what ``staging`` already holds (an earlier export being updated).
    present: dict[str, str] = field(default_factory=dict)


def write_file(job: WriteJob, file: str, data: bytes) -> Written:
    """Write ``data`` as ``file`` in the staging folder, or link the unchanged old copy."""
    sha = digest(data)
    if job.present.get(file) == sha:
        return Written(file, sha, len(data), changed=job.previous.get(file) != sha)
    destination = _clear(job, file)
    unchanged = job.previous.get(file) == sha
    if unchanged and job.current is not None:
        try:
            os.link(job.current / file, destination, follow_symlinks=False)
            return Written(file, sha, len(data), changed=False)
        except OSError:
            pass  # gone, or on another file system: write it again
    _write_new(destination, data)
    return Written(file, sha, len(data), changed=not unchanged)


def link_file(job: WriteJob, file: str, size: int) -> Written:
    """Put the last export's copy of ``file`` in the staging folder, unchanged."""
    sha = job.previous[file]
    if job.present.get(file) != sha:
        os.link(job.current / file, _clear(job, file), follow_symlinks=False)
    return Written(file, sha, size, changed=False)


def _write_new(destination: Path, data: bytes) -> None:
    """Write a file that ``_clear`` made room for; never through a link planted there."""
    handle = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o666)
    with naming(destination), os.fdopen(handle, "wb") as file:
        file.write(data)


def _clear(job: WriteJob, file: str) -> Path:
    """Where ``file`` goes in staging, emptied: an earlier export's copy there may be a hard
    link to the published file, which must never be written through."""
    destination = job.staging / file
    if file in job.present:
        destination.unlink(missing_ok=True)
    else:
        destination.parent.mkdir(parents=True, exist_ok=True)
    return destination


class _Empty:
    def read(self, *args):
        return b""

    def readline(self, *args):
        return b""


class _Errors:
    def write(self, text):
        pass

    def flush(self):
        pass


_EMPTY, _ERRORS = _Empty(), _Errors()


class RenderError(Exception):
    """A worker failed: the message carries its traceback."""


class InlinePool:
    """The worker interface, in this process."""

    size = 1

    def __init__(self, mirror: links.Mirror):
        self.renderer = Renderer(mirror)

    def render_all(self, frontier, on_result, *, one_by_one=False):
        """Render addresses from ``frontier`` (the callback may add some) until none are left.

        Addresses are taken from the end of ``frontier``; in one process, handing them
        out ``one_by_one`` would change nothing.
        """
        while frontier:
            batch = [frontier.pop() for _ in range(min(BATCH, len(frontier)))]
            for result in self.renderer.render(batch):
                on_result(result)

    def write(self, job: WriteJob) -> list[Written]:
        return self.renderer.write(job)

    def close(self):
        self.renderer.close()


class WorkerPool:
    """Forked renderers, each with its own database connection."""

    def __init__(self, mirror: links.Mirror, size: int):
        self.size = size
        context = multiprocessing.get_context("fork")
        # Never share a database connection with a child: each opens its own.
        connections.close_all()
        self.workers = []
        for _ in range(size):
            parent_end, child_end = context.Pipe()
            process = context.Process(target=_serve, args=(child_end, mirror), daemon=True)
            process.start()
            child_end.close()
            self.workers.append((process, parent_end))

    def render_all(self, frontier, on_result, *, one_by_one=False):
        """As InlinePool.render_all; ``one_by_one`` hands out single addresses, so that a
        known list ordered cheapest first keeps both workers busy to the end."""
        idle = [end for _process, end in self.workers]
        busy = set()
        while frontier or busy:
            while idle and frontier:
                end = idle.pop()
                # Split what is known evenly while the crawl is young.
                share = 1 if one_by_one else max(1, min(BATCH, len(frontier) // self.size))
                end.send(("render", [frontier.pop() for _ in range(min(share, len(frontier)))]))
                busy.add(end)
            for end in wait(list(busy)):
                busy.discard(end)
                idle.append(end)
                for result in _answer(end):
                    on_result(result)

    def write(self, job: WriteJob) -> list[Written]:
        for _process, end in self.workers:
            end.send(("write", job))
        written = []
        for _process, end in self.workers:
            written.extend(_answer(end))
        return written

    def close(self):
        for _process, end in self.workers:
            with contextlib.suppress(OSError):
                end.send(("stop", None))
            end.close()
        for process, _end in self.workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()


def _answer(end):
    try:
        status, payload = end.recv()
    except EOFError:
        raise RenderError("a render worker stopped unexpectedly") from None
    if status == "error":
        raise RenderError(payload)
    return payload


def _serve(end, mirror: links.Mirror) -> None:
    """A worker's loop: render batches, then write what it rendered."""
    # Ctrl-C reaches the whole process group: the parent stops the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    renderer = Renderer(mirror)
    renderer.warm_up()
    while True:
        try:
            operation, payload = end.recv()
        except EOFError:
            return
        if operation == "stop":
            end.close()
            return
        try:
            if operation == "render":
                end.send(("ok", renderer.render(payload)))
            else:
                end.send(("ok", renderer.write(payload)))
        except Exception:
            end.send(("error", traceback.format_exc()))
