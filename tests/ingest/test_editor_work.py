"""An import never overwrites what an editor made (issue 15, findings 1, 2 and 4).

Episodes are made the way editors make them, through the back office's own forms; then
the real announcements are imported."""

import io
import sys

import pytest
from django.core.management import call_command
from django.db.models.signals import post_save
from reversion.models import Version

from flames.episodes.models import Appearance, Episode, Series
from flames.ingest.models import ImportedAnnouncement
from flames.ingest.services import import_announcement
from flames.people.models import Person
from tests.ingest.test_import import announcement
from tests.publishing.helpers import form_data
from tests.samples import SAMPLES

pytestmark = pytest.mark.django_db
ADD_EPISODE = "/admin/episodes/episode/add/"
ADD_PERSON = "/admin/people/person/add/"


def _add_person(client, name):
    response = client.post(
        ADD_PERSON,
        {
            "name": name,
            "slug": name.lower().replace(" ", "-"),
            "shown_as": "full_name",
            "show_organization": "on",
            "show_portrait": "on",
            "names-TOTAL_FORMS": "0",
            "names-INITIAL_FORMS": "0",
            "positions-TOTAL_FORMS": "0",
            "positions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    return Person.objects.get(name=name)


def _add_episode(client, *, number, title, summary, speakers):
    series = Series.objects.first() or Series.objects.create(
        title="Ukraine in Flames", slug="ukraine-in-flames", mission="M."
    )
    data = {
        "series": series.pk,
        "number": number,
        "title": title,
        "slug": f"{number}-editors-episode",
        "status": "draft",
        "summary": summary,
        "language": "en",
        "appearances-TOTAL_FORMS": str(len(speakers)),
        "appearances-INITIAL_FORMS": "0",
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
    }
    for index, (person, role) in enumerate(speakers):
        data |= {
            f"appearances-{index}-order": str(index + 1),
            f"appearances-{index}-person": person.pk,
            f"appearances-{index}-part": "guest",
            f"appearances-{index}-announced_as": role,
        }
    response = client.post(ADD_EPISODE, data)
    assert response.status_code == 302, response.context["errors"]
    return Episode.objects.get(number=number)


def _panel(episode):
    return [(a.person.name, a.announced_as) for a in episode.appearances.all()]


def test_import_of_the_samples_leaves_an_editors_episode_as_made(admin_client, capsys):
    chaly = _add_person(admin_client, "Valeriy Chaly")
    klimkin = _add_person(admin_client, "Pavlo Klimkin")
    mine = _add_episode(
        admin_client,
        number=140,
        title="Security guarantees, one year on",
        summary="The editor's own summary.",
        speakers=[(chaly, "Host, in the editor's words"), (klimkin, "Former foreign minister")],
    )

    call_command("import", str(SAMPLES))

    mine.refresh_from_db()
    assert (mine.title, mine.summary) == (
        "Security guarantees, one year on",
        "The editor's own summary.",
    )
    assert _panel(mine) == [
        ("Valeriy Chaly", "Host, in the editor's words"),
        ("Pavlo Klimkin", "Former foreign minister"),
    ]
    # Episode 96's announcement has no number and shares two of five speakers: a new
    # episode, flagged, with the same people rather than second copies of them.
    security = Episode.objects.get(title="Optimal security model for Ukraine")
    assert (security.number, security.needs_review) == (None, True)
    assert Person.objects.filter(name__in=["Valeriy Chaly", "Pavlo Klimkin"]).count() == 2
    report = capsys.readouterr().out
    assert f"{SAMPLES / '096.txt'}: created Optimal security model for Ukraine; flagged" in report
    assert "  - shares 2 of 5 speakers with #140 Security guarantees, one year on" in report


def test_the_order_of_imports_does_not_change_the_result():
    call_command("import", str(SAMPLES / "139.txt"))
    call_command("import", str(SAMPLES))

    episode = Episode.objects.get(number=139)
    speakers = [name for name, _role in _panel(episode)]
    assert episode.title == "How Russia turns international institutions into a facade"
    assert "Volodymyr Yelchenko" in speakers and "Oleksandr Merezhko" in speakers
    assert Episode.objects.filter(title="Optimal security model for Ukraine").count() == 1


def test_an_imported_title_changed_by_an_editor_stays_and_the_difference_is_listed():
    first = announcement("Sanctions that bite", ["Marta Kovalenko, analyst"], number=310)
    episode = import_announcement(text=first, source="310.txt").episode
    Episode.objects.filter(pk=episode.pk).update(title="Sanctions: what bites")

    edited = announcement(
        "Sanctions that bite hard",
        ["Marta Kovalenko, senior analyst"],
        number=310,
        summary="A better summary.",
    )
    result = import_announcement(text=edited, source="310.txt")

    episode.refresh_from_db()
    assert result.action == "updated"
    assert (episode.title, episode.summary) == (
        "Sanctions: what bites",
        "A better summary. Watch Ukraine in Flames #310.",
    )
    assert _panel(episode) == [("Marta Kovalenko", "senior analyst")]
    assert result.notes == [
        "title: kept the site's “Sanctions: what bites”; "
        "the announcement says “Sanctions that bite hard”"
    ]
    record = ImportedAnnouncement.objects.get(notes=result.notes)
    assert (record.needs_review, record.outcome) == (True, "updated")


def test_an_editors_panel_is_only_filled_never_reshaped():
    first = announcement(
        "Grain", ["Marta Kovalenko, analyst", "Ostap Lysyi, economist"], number=311
    )
    episode = import_announcement(text=first, source="311.txt").episode
    # The editor rewords one role; the panel is now the editor's.
    episode.appearances.filter(person__name="Ostap Lysyi").update(announced_as="Economist, KSE")

    edited = announcement("Grain", ["Marta Kovalenko, analyst", "Iryna Bond, trader"], number=311)
    result = import_announcement(text=edited, source="311.txt")

    assert result.action == "left alone"
    assert _panel(episode) == [("Marta Kovalenko", "analyst"), ("Ostap Lysyi", "Economist, KSE")]
    assert result.notes == [
        "Iryna Bond is announced but not on the panel",
        "Ostap Lysyi is on the panel but not in the announcement",
    ]


def test_two_texts_from_standard_input_are_two_episodes():
    one = announcement("Energy war", ["Marta Kovalenko, analyst", "Ostap Lysyi, economist"])
    two = announcement("Black Sea grain", ["Iryna Bond, trader", "Petro Stasiuk, captain"])

    import_announcement(text=one, source="-")
    import_announcement(text=two, source="-")

    assert sorted(Episode.objects.values_list("title", flat=True)) == [
        "Black Sea grain",
        "Energy war",
    ]


def test_text_that_is_no_announcement_is_refused(capsys):
    with pytest.raises(SystemExit):
        _import_stdin("Hello world\n")

    assert Episode.objects.count() == 0
    assert capsys.readouterr().err.splitlines()[0] == (
        "flames import: -: neither speakers nor an episode number found: not an announcement"
    )


def _import_stdin(text):
    stdin, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(text.encode()))
    try:
        call_command("import", "-")
    finally:
        sys.stdin = stdin


def test_a_folder_holding_an_export_imports_nothing_from_it(tmp_path, capsys):
    (tmp_path / "robots.txt").write_text("User-agent: *\nDisallow: /admin/\n")
    hidden = tmp_path / ".mirror.standby" / "en"
    hidden.mkdir(parents=True)
    (hidden / "robots.txt").write_text("User-agent: *\n")
    (hidden / "notes.txt").write_text((SAMPLES / "139.txt").read_text())

    with pytest.raises(SystemExit):
        call_command("import", str(tmp_path))

    assert Episode.objects.count() == 0
    assert capsys.readouterr().err.splitlines() == [
        f"flames import: {tmp_path / 'robots.txt'}: "
        "neither speakers nor an episode number found: not an announcement"
    ]


def test_the_command_makes_drafts_unless_told_to_publish():
    call_command("import", str(SAMPLES / "139.txt"))
    call_command("import", "--status", "published", str(SAMPLES / "020.txt"))

    assert dict(Episode.objects.values_list("number", "status")) == {
        139: "draft",
        20: "published",
    }


def test_dry_run_reports_exactly_what_a_real_run_does(tmp_path, capsys):
    # The second file is an edited version of the first: a dry run must see the first.
    (tmp_path / "a.txt").write_text(announcement("Drones", ["Marta Kovalenko, analyst"], number=5))
    (tmp_path / "b.txt").write_text(
        announcement("Drones!", ["Marta Kovalenko, analyst", "Ostap Lysyi, economist"], number=5)
    )

    call_command("import", "--dry-run", str(tmp_path))
    dry = capsys.readouterr().out.splitlines()
    assert Episode.objects.count() == 0
    call_command("import", str(tmp_path))
    real = capsys.readouterr().out.splitlines()

    assert dry == [*real[:-1], "Dry run: nothing was written.", real[-1]]
    assert real[1] == f"{tmp_path / 'b.txt'}: updated #5 Drones! (it has a similar title)"


def test_each_import_is_a_revision_an_editor_can_restore(admin_client):
    text = announcement("Drones over Kyiv", ["Marta Kovalenko, analyst"], number=320)
    episode = import_announcement(text=text, source="320.txt").episode
    edited = announcement("Drones over Kyiv", ["Marta Kovalenko, drone analyst"], number=320)
    import_announcement(text=edited, source="320.txt")

    versions = Version.objects.get_for_object(episode)
    assert [v.revision.get_comment() for v in versions] == [
        "Imported from 320.txt",
        "Imported from 320.txt",
    ]
    assert [v.revision.user for v in versions] == [None, None]
    appearances = Version.objects.get_for_model(Appearance).filter(revision=versions[1].revision)
    assert [v.field_dict["announced_as"] for v in appearances] == ["analyst"]

    revert = f"/admin/episodes/episode/{episode.pk}/history/{versions[1].pk}/"
    response = admin_client.post(revert, form_data(admin_client.get(revert), "episode_form"))
    assert response.status_code == 302
    assert _panel(episode) == [("Marta Kovalenko", "analyst")]


def test_a_speaker_known_by_a_first_name_only_is_matched_to_no_one():
    first = import_announcement(text=(SAMPLES / "052.txt").read_text(), source="052.txt")
    other = announcement(
        "Occupied Zaporizhzhia",
        ["Andrii, a resident of Melitopol", "Marta Kovalenko, analyst"],
        number=77,
    )
    second = import_announcement(text=other, source="077.txt")

    andrii = Person.objects.filter(name="Andrii").order_by("id")
    assert [(person.needs_review, person.appearances.count()) for person in andrii] == [
        (True, 1),
        (True, 1),
    ]
    assert (first.review, second.review, second.matched) == (1, 1, 0)
    assert "shown as announced: Andrii (first name only), for review" in first.notes


def test_a_speaker_added_by_a_later_import_tells_the_caches_and_search():
    first = announcement("Grain", ["Marta Kovalenko, analyst"], number=312)
    import_announcement(text=first, source="312.txt")
    again = announcement("Grain", ["Marta Kovalenko, analyst", "Iryna Bond, trader"], number=312)
    saved = []

    def listen(sender, instance, **kwargs):
        saved.append(instance.number)

    # The page caches and the search index listen for saved episodes; the new speaker
    # goes in with a bulk insert, which sends no signal of its own.
    post_save.connect(listen, sender=Episode)
    try:
        result = import_announcement(text=again, source="312.txt")
    finally:
        post_save.disconnect(listen, sender=Episode)

    assert (result.action, saved) == ("updated", [312])
    assert _panel(result.episode) == [("Marta Kovalenko", "analyst"), ("Iryna Bond", "trader")]
