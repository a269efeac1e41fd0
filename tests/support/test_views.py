from datetime import date, timedelta

import pytest

from flames.support.models import CallToAction
from tests.episodes.test_views import text_of

pytestmark = pytest.mark.django_db


def test_how_to_help_lists_active_calls_with_their_organizations(client, demo):
    text = text_of(client.get("/en/how-to-help/"))

    assert text.endswith(
        "Recommendations on how to support Ukraine Ways to support Ukraine against Russian "
        "aggression, gathered by Ukraine Crisis Media Center. Run by Ukraine Crisis Media Center "
        "Donate to support the Ukrainian army and civilians NGO “Euroatlantic Course” collects "
        "donations for the Ukrainian army and civilians. Run by NGO “Euroatlantic Course”"
    )


def test_how_to_help_hides_expired_calls_and_links_live_ones(client, demo):
    yesterday = date.today() - timedelta(days=1)
    CallToAction.objects.filter(kind="recommendations").update(ends_on=yesterday)
    CallToAction.objects.filter(kind="donation").update(url="https://example.org/donate")

    response = client.get("/en/how-to-help/")

    assert "Recommendations on how to support Ukraine" not in text_of(response)
    assert (
        '<a href="https://example.org/donate" rel="noopener">'
        "Donate to support the Ukrainian army and civilians</a>" in response.content.decode()
    )


def test_how_to_help_speaks_ukrainian(client, demo):
    text = text_of(client.get("/uk/how-to-help/"))

    assert "Підтримати Збройні сили України та цивільних" in text
    assert "Рекомендації, як підтримати Україну" in text
