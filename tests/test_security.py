import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_pages_send_strict_security_headers(client, demo):
    response = client.get("/en/")

    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "style-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_hsts_only_behind_tls(client, demo, settings):
    assert "Strict-Transport-Security" not in client.get("/en/", secure=True)

    settings.SECURE_HSTS_SECONDS = 31_536_000
    response = Client().get("/en/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000"


def test_unknown_host_is_refused(client, demo):
    assert client.get("/en/", HTTP_HOST="evil.example").status_code == 400


def test_editor_text_is_escaped(client, db):
    from tests import factories

    factories.episode('<script>alert("x")</script>', slug="xss", summary="<b>bold</b>")

    html = client.get("/en/episodes/xss/").content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_lists_escape_editor_text(client, db):
    from tests import factories

    speaker = factories.person("Olena <i>Host</i>", slug="olena-host")
    factories.episode(
        '<script>alert("x")</script>',
        slug="xss",
        speakers=[(speaker, "Journalist & <b>editor</b>")],
    )

    person_page = client.get("/en/people/olena-host/").content.decode()
    archive = client.get("/en/episodes/").content.decode()

    assert "<script>alert" not in person_page + archive
    assert '<h3><a href="/en/episodes/xss/">&lt;script&gt;alert(&quot;x&quot;)' in person_page
    assert "Announced as: Journalist &amp; &lt;b&gt;editor&lt;/b&gt;</p>" in person_page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</a></h2>" in archive
    assert '<p class="speakers">Olena &lt;i&gt;Host&lt;/i&gt;</p>' in archive
