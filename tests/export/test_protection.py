"""After a speaker is withdrawn or protected, the next export holds them nowhere: not in
its pages, not in its search index (not even hidden under the overlay), not in the
standby copy beside the mirror; and a protection changed in a text field alone does not
pass through the incremental export."""

import pytest
from django.utils import timezone

from flames.episodes.models import Appearance
from flames.export import selectors
from flames.people.models import Consent, Person, Showing, Withdrawal
from flames.transcripts.models import Cue
from tests import factories
from tests.export.test_export import export, snapshot
from tests.factories import transcript
from tests.journey import LATER_SLUG
from tests.leaks import leaks_in_folder

pytestmark = pytest.mark.django_db

REASON = "how speakers are shown or withdrawn changed"
QUOTED = ["Yaropolk Tsebrynskyi", "Tsebrynskyi"]


@pytest.fixture
def quoted(archive):
    """Yaropolk Tsebrynskyi, quoted in the later episode's transcript and on no panel:
    the transcript's link is the only way to his page."""
    person = factories.person("Yaropolk Tsebrynskyi", slug="yaropolk-tsebrynskyi")
    made = transcript(archive, (1, 2, "Yaropolk Tsebrynskyi", "We left in March."))
    Cue.objects.filter(transcript=made).update(speaker=person)
    return person


CHANGES = {
    "withdrawn": {"withdrawn_at": timezone.now(), "withdrawal_reason": Withdrawal.ASKED},
    "protected": {"shown_as": Showing.PSEUDONYM, "shown_name": "A farmer"},
}


@pytest.mark.parametrize("change", CHANGES)
def test_the_next_export_deletes_every_file_naming_a_speaker_withdrawn_or_protected(
    quoted, tmp_path, change
):
    out = tmp_path / "mirror"
    export(out)
    page_files = [
        f"{language}/{name}"
        for language in ("en", "uk")
        for name in [
            "people/yaropolk-tsebrynskyi/index.html",
            "feeds/people/yaropolk-tsebrynskyi.rss",
            "feeds/people/yaropolk-tsebrynskyi.atom",
        ]
    ]
    assert all((out / name).is_file() for name in page_files)
    assert f"en/episodes/{LATER_SLUG}/transcript-en.vtt" in leaks_in_folder(out, QUOTED)

    Person.objects.filter(pk=quoted.pk).update(**CHANGES[change])
    report = export(out)

    assert [name for name in page_files if (out / name).exists()] == []
    assert not (out / "en/people/yaropolk-tsebrynskyi").exists()
    vtt = (out / f"en/episodes/{LATER_SLUG}/transcript-en.vtt").read_text()
    assert vtt == "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nWe left in March.\n"
    # Nor in the search index, hidden under the overlay, nor in the standby copy.
    assert leaks_in_folder(tmp_path, QUOTED) == {}
    assert snapshot(tmp_path / ".mirror.standby") == snapshot(out)
    assert report.search_rebuilt and report.search_delta == 0
    assert (report.full, report.reason, report.protection_changed) == (True, REASON, True)


def test_a_protected_name_changed_in_a_text_field_only_is_not_exported_incrementally(
    archive, tmp_path
):
    zoreslava = factories.person("Zoreslava Khmarynska", slug="zoreslava-khmarynska")
    Appearance.objects.create(
        episode=archive,
        person=zoreslava,
        order=2,
        announced_as="Engineer, Radiozavod Nova Kakhovka",
        announced_title="Engineer",
        shown_as=Showing.FIRST_NAME,
        shown_name="Zorya",
        show_organization=False,
    )
    transcript(archive, (1, 2, "Zoreslava Khmarynska", "The plant is occupied."))
    out = tmp_path / "mirror"
    export(out)
    vtt = out / f"en/episodes/{LATER_SLUG}/transcript-en.vtt"
    assert "<v Zorya>The plant is occupied." in vtt.read_text()
    pages = sorted(leaks_in_folder(out, ["Zorya"]))
    assert f"en/episodes/{LATER_SLUG}/index.html" in pages

    # Too revealing, the editor says: a text field, which alone would let the export
    # render again only the pages that read this row as a model.
    Appearance.objects.filter(person=zoreslava).update(shown_name="Zoreslava")
    report = export(out)

    assert "<v Zoreslava>The plant is occupied." in vtt.read_text()
    assert leaks_in_folder(tmp_path, ["Zorya"]) == {}
    assert (report.full, report.reason, report.search_rebuilt) == (True, REASON, True)


def test_an_export_without_a_protection_change_keeps_the_search_index_and_the_standby(
    quoted, tmp_path
):
    out = tmp_path / "mirror"
    export(out)
    before = snapshot(out)
    Person.objects.filter(pk=quoted.pk).update(bio="Farmer near Kherson.")

    report = export(out)

    assert not report.protection_changed and not report.search_rebuilt
    assert snapshot(tmp_path / ".mirror.standby") == before


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Person, {"shown_as": Showing.FIRST_NAME, "shown_name": "Yaropolk"}),
        (Person, {"shown_name_uk": "Ярополк"}),
        (Person, {"show_organization": False}),
        (Person, {"show_portrait": False}),
        (Person, {"withdrawn_at": timezone.now()}),
        (Person, {"portrait_consent": Consent.REFUSED}),
        (Person, {"directory_consent": Consent.GIVEN}),
        (Appearance, {"shown_as": Showing.DESCRIPTION, "shown_name": "A farmer"}),
        (Appearance, {"show_organization": False}),
        (Appearance, {"withdrawal_reason": Withdrawal.AT_RISK}),
    ],
)
def test_protection_digest_changes_with_each_choice_of_how_a_speaker_is_shown(
    archive, model, fields
):
    before = selectors.protection_digest()
    chaly = model.objects.filter(
        **{"person__slug" if model is Appearance else "slug": "valeriy-chaly"}
    )

    chaly.update(**fields)

    assert selectors.protection_digest() != before


def test_protection_digest_of_a_protected_role_follows_its_text(archive):
    appearance = Appearance.objects.filter(person__slug="valeriy-chaly")
    appearance.update(show_organization=False, announced_title="Chair")
    before = selectors.protection_digest()

    appearance.update(announced_title="Chair of the Board")

    assert selectors.protection_digest() != before


def test_protection_digest_ignores_public_speakers_and_their_text(archive):
    before = selectors.protection_digest()

    Person.objects.filter(slug="valeriy-chaly").update(name="Valerii Chalyi", bio="Diplomat.")
    Appearance.objects.filter(person__slug="valeriy-chaly").update(announced_as="Diplomat")
    factories.episode("Another", speakers=[factories.person("Olha Nova")])

    assert selectors.protection_digest() == before
