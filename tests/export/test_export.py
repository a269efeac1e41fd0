"""flames export: every public page as files, links that resolve, incremental and atomic."""

import gzip
import hashlib
import json
import os
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from flames.episodes.models import Episode, Partnership
from flames.export import changes, rendering, search_index, selectors
from flames.export.search_index import OVERLAY
from flames.export.services import MANIFEST, ExportError, export_site
from flames.people.models import Person
from tests.conftest import commit_setup
from tests.export.linkcheck import broken_references
from tests.factories import transcript
from tests.journey import DEMO_SLUG, DEMO_TITLE, LATER_SLUG, LATER_TITLE

pytestmark = pytest.mark.django_db


def export(directory: Path, **options):
    options.setdefault("workers", 1)
    return export_site(directory=directory, **options)


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every file of an export: (inode, bytes)."""
    return {
        path.relative_to(root).as_posix(): (path.stat().st_ino, path.read_bytes())
        for path in root.rglob("*")
        if path.is_file()
    }


def test_seed_addresses_are_parameterless_public_routes_in_every_language():
    seeds = selectors.seed_addresses()
    for address in ["/", "/robots.txt", "/sitemap.xml", "/en/", "/uk/", "/en/search/"]:
        assert address in seeds
    assert "/uk/feeds/episodes.rss" in seeds
    assert not [seed for seed in seeds if seed.startswith("/admin/")]


def test_export_writes_every_public_page_feed_and_asset(archive, tmp_path):
    out = tmp_path / "mirror"
    report = export(out)

    for language in ("en", "uk"):
        for page in [
            "",
            f"episodes/{DEMO_SLUG}/",
            f"episodes/{LATER_SLUG}/",
            f"episodes/{LATER_SLUG}/embed/",
            "episodes/",
            "people/",
            "people/valeriy-chaly/",
            "topics/",
            "topics/nato/",
            "organizations/ukraine-crisis-media-center/",
            "about/",
            "how-to-help/",
            "search/",
        ]:
            assert (out / language / page / "index.html").is_file(), (language, page)
        for feed in ["episodes.rss", "episodes.atom", "podcast.rss", "calendar.ics"]:
            assert (out / language / "feeds" / feed).is_file()
        assert (out / language / "feeds/people/valeriy-chaly.atom").is_file()
        html = (out / language / "index.html").read_text()
        assert f'<html lang="{language}">' in html
    for name in ["robots.txt", "sitemap.xml", "sitemap-episodes-en.xml", "static/flames/site.css"]:
        assert (out / name).is_file(), name
    assert (out / "pagefind" / "pagefind.js").is_file()
    assert report.files == len(snapshot(out)) - 1  # all but the manifest
    assert report.written == report.files and report.unchanged == report.removed == 0
    assert report.missing == [] and report.not_public == []


def test_export_pages_are_the_live_pages(archive, tmp_path, client):
    out = tmp_path / "mirror"
    export(out)
    exported = (out / "en/episodes" / LATER_SLUG / "index.html").read_text()
    live = client.get(f"/en/episodes/{LATER_SLUG}/").content.decode()
    title = f"<title>{LATER_TITLE} — Ukraine in Flames</title>"
    assert title in exported and title in live
    assert exported.count("<li>") == live.count("<li>")
    assert '<a href="../../people/valeriy-chaly/index.html">Valeriy Chaly</a>' in exported
    assert '<a href="/en/people/valeriy-chaly/">Valeriy Chaly</a>' in live


def test_export_relative_every_internal_reference_resolves(archive, tmp_path):
    out = tmp_path / "mirror"
    export(out)
    assert broken_references(out, base=None) == []
    home = (out / "en/index.html").read_text()
    assert 'href="../static/flames/site.css"' in home
    assert 'href="episodes/index.html"' in home
    # Machine-readable addresses stay absolute, at the placeholder origin.
    assert "<link>http://localhost/en/</link>" in (out / "en/feeds/episodes.rss").read_text()
    assert (out / "index.html").read_text().count('href="en/index.html"') == 2


def test_export_with_base_url_path_prefix_every_reference_resolves(archive, tmp_path):
    out = tmp_path / "mirror"
    export(out, base_url="https://mirror.example/uif")
    assert broken_references(out, base="https://mirror.example/uif/") == []
    home = (out / "en/index.html").read_text()
    assert 'href="/uif/static/flames/site.css"' in home
    assert 'href="/uif/en/episodes/"' in home
    feed = (out / "en/feeds/episodes.rss").read_text()
    assert f"https://mirror.example/uif/en/episodes/{LATER_SLUG}/" in feed
    assert "Sitemap: https://mirror.example/uif/sitemap.xml" in (out / "robots.txt").read_text()
    assert "http://localhost" not in home


def test_export_writes_transcripts_as_webvtt_files(archive, tmp_path, client):
    transcript(archive, (1, 2, "Valeriy Chaly", "Good evening."))
    Episode.objects.filter(pk=archive.pk).update(media_url="https://media.example.org/122.mp3")
    out = tmp_path / "mirror"
    export(out, search=False)

    for language in ("en", "uk"):
        folder = out / language / "episodes" / LATER_SLUG
        live = client.get(f"/{language}/episodes/{LATER_SLUG}/transcript-en.vtt").content
        assert (folder / "transcript-en.vtt").read_bytes() == live
        assert 'href="transcript-en.vtt"' in (folder / "index.html").read_text()
        url = f"http://localhost/{language}/episodes/{LATER_SLUG}/transcript-en.vtt"
        assert f'url="{url}"' in (out / language / "feeds/podcast.rss").read_text()
    assert broken_references(out, base=None) == []


def test_export_lists_pages_and_pagination_in_both_languages(archive, tmp_path, settings):
    settings.LANGUAGES = settings.LANGUAGES  # unchanged: both languages ship
    from flames.episodes import selectors as episode_selectors

    original = episode_selectors.EPISODES_PER_PAGE
    episode_selectors.EPISODES_PER_PAGE = 1
    try:
        out = tmp_path / "mirror"
        export(out, search=False)
    finally:
        episode_selectors.EPISODES_PER_PAGE = original
    for language in ("en", "uk"):
        assert (out / language / "episodes/page/2/index.html").is_file()
        first = (out / language / "episodes/index.html").read_text()
        assert 'rel="next" href="page/2/index.html"' in first
    assert broken_references(out, base=None) == []


def test_export_pages_carry_their_content_security_policy(archive, tmp_path):
    out = tmp_path / "mirror"
    export(out)
    home = (out / "en/index.html").read_text()
    assert '<meta http-equiv="Content-Security-Policy" content="default-src' in home
    assert "wasm-unsafe-eval" not in home
    assert "frame-ancestors" not in home
    search = (out / "en/search/index.html").read_text()
    assert "&#x27;wasm-unsafe-eval&#x27;" in search
    assert "data-static-search" in search
    assert "static-search.js" in search


def test_incremental_export_rewrites_only_changed_files(archive, tmp_path):
    out = tmp_path / "mirror"
    export(out)
    before = snapshot(out)

    Episode.objects.filter(slug=LATER_SLUG).update(title="Security guarantees, revisited")
    report = export(out)
    after = snapshot(out)

    changed = {name for name in after if before.get(name, (0, b""))[1] != after[name][1]}
    rewritten = {name for name in after if before.get(name, (0, b""))[0] != after[name][0]}
    assert changed - {MANIFEST} == rewritten - {MANIFEST}
    assert f"en/episodes/{LATER_SLUG}/index.html" in changed
    assert f"uk/episodes/{LATER_SLUG}/index.html" in changed
    assert "en/about/index.html" not in changed
    assert report.written == len(changed - {MANIFEST})
    assert report.unchanged == report.files - report.written
    assert report.removed == 0 and set(before) <= set(after)


def _manifest_digests(root: Path) -> dict[str, str]:
    manifest = json.loads((root / MANIFEST).read_text())
    return dict(zip(manifest["files"], manifest["digests"], strict=True))


def test_manifest_lists_every_file_with_its_digest_and_size(archive, tmp_path):
    out = tmp_path / "mirror"
    export(out)
    Episode.objects.filter(slug=LATER_SLUG).update(title="Security guarantees, revisited")
    assert not export(out).full
    manifest = json.loads((out / MANIFEST).read_text())
    files = {name: data for name, (_inode, data) in snapshot(out).items() if name != MANIFEST}
    assert manifest["files"] == sorted(files)
    assert manifest["digests"] == [
        hashlib.blake2b(files[name], digest_size=16).hexdigest() for name in manifest["files"]
    ]
    assert manifest["sizes"] == [len(files[name]) for name in manifest["files"]]


def _search_base(root: Path) -> dict:
    return json.loads((root / ".flames-export/search-base.json").read_text())


def _fragment_url(root: Path, page_id: str) -> str:
    data = gzip.decompress((root / "pagefind/fragment" / f"{page_id}.pf_fragment").read_bytes())
    return json.loads(data[data.index(b"{") :])["url"]


def test_incremental_export_indexes_changed_pages_in_a_delta_beside_the_full_index(
    archive, tmp_path
):
    out = tmp_path / "mirror"
    first = export(out)
    before = snapshot(out)
    base = _search_base(out)
    assert first.search_rebuilt and first.search_delta == 0
    assert len(base) == first.indexed
    assert all(base[name][0] == _manifest_digests(out)[name] for name in base)
    page = f"en/episodes/{LATER_SLUG}/index.html"
    assert _fragment_url(out, base[page][1]) == f"/en/episodes/{LATER_SLUG}/"
    assert json.loads((out / OVERLAY).read_text()) == {"delta": [], "hidden": []}

    Episode.objects.filter(slug=LATER_SLUG).update(title="Security guarantees, revisited")
    report = export(out)
    after = snapshot(out)

    changed = sorted(name for name in base if before[name][1] != after[name][1])
    assert page in changed and f"uk/episodes/{LATER_SLUG}/index.html" in changed
    assert not report.search_rebuilt and report.search_delta == len(changed)
    # The full index stays as it was; the overlay hides its entries for the changed pages.
    assert all(
        after[name][0] == before[name][0]
        for name in before
        if name.startswith("pagefind/") and name != OVERLAY
    )
    overlay = json.loads((out / OVERLAY).read_text())
    assert overlay["delta"] == ["en", "uk"]
    assert overlay["hidden"] == sorted(base[name][1] for name in changed)
    assert (out / "pagefind-delta/pagefind.js").is_file()
    delta_pages = json.loads((out / "pagefind-delta/pagefind-entry.json").read_text())
    assert sum(lang["page_count"] for lang in delta_pages["languages"].values()) == len(changed)
    assert _search_base(out) == base

    # Edited back: the pages equal the full index again, and the delta goes away.
    Episode.objects.filter(slug=LATER_SLUG).update(title=LATER_TITLE)
    report = export(out)
    assert report.search_delta == 0 and not report.search_rebuilt
    assert json.loads((out / OVERLAY).read_text()) == {"delta": [], "hidden": []}
    assert not (out / "pagefind-delta").exists()


def _export_after_editing_the_later_episode(out: Path, **fields):
    Episode.objects.filter(slug=LATER_SLUG).update(**fields)
    return export(out)


def test_a_delta_of_one_language_is_named_in_the_overlay(archive, tmp_path):
    out = tmp_path / "mirror"
    export(out)
    base = _search_base(out)
    report = _export_after_editing_the_later_episode(out, title_uk="Гарантії безпеки, вдруге")
    overlay = json.loads((out / OVERLAY).read_text())
    # Pagefind would answer an English reader from the Ukrainian delta: the page must know.
    assert overlay["delta"] == ["uk"]
    changed = sorted(name for name, (_sha, page) in base.items() if page in overlay["hidden"])
    assert changed and all(name.startswith("uk/") for name in changed)
    assert report.search_delta == len(changed)


def test_too_many_changed_pages_build_a_new_full_index(archive, tmp_path, monkeypatch):
    out = tmp_path / "mirror"
    export(out)
    Episode.objects.filter(slug=LATER_SLUG).update(title="Security guarantees, revisited")
    export(out)
    assert (out / "pagefind-delta").is_dir()
    monkeypatch.setattr(search_index, "DELTA_PAGES", 0)
    monkeypatch.setattr(search_index, "DELTA_SHARE", 0)
    Episode.objects.filter(slug=LATER_SLUG).update(title="Security guarantees, once more")
    report = export(out)
    assert report.search_rebuilt and report.search_delta == 0
    assert not (out / "pagefind-delta").exists()
    base = _search_base(out)
    page = f"en/episodes/{LATER_SLUG}/index.html"
    assert base[page][0] == _manifest_digests(out)[page]
    assert json.loads((out / OVERLAY).read_text()) == {"delta": [], "hidden": []}


def test_incremental_export_updates_the_standby_copy_instead_of_linking_every_file(
    archive, tmp_path
):
    out, standby = tmp_path / "mirror", tmp_path / ".mirror.standby"
    export(out)
    # The first export leaves a copy of hard links beside the mirror.
    assert snapshot(standby) == snapshot(out)
    Episode.objects.filter(slug=LATER_SLUG).update(title="Security guarantees, revisited")
    first_edit = export(out)
    assert not first_edit.full
    Episode.objects.filter(slug=DEMO_SLUG).update(title="NATO partnership, revisited")
    before = snapshot(out)
    folder = (standby / "en/episodes").stat().st_ino
    report = export(out)
    assert not report.full
    # The standby's folders, updated in place, are the mirror's now: nothing linked afresh.
    assert (out / "en/episodes").stat().st_ino == folder
    after, kept = snapshot(out), snapshot(standby)
    # The replaced export is the new standby, and both share every unchanged file.
    assert kept == before
    assert {name for name in after if after[name] != kept.get(name)} == {
        name for name in after if after[name][1] != before.get(name, (0, b""))[1]
    } | {MANIFEST}
    assert b"NATO partnership, revisited" in after[f"en/episodes/{DEMO_SLUG}/index.html"][1]
    assert b"Security guarantees, revisited" in after[f"en/episodes/{LATER_SLUG}/index.html"][1]
    assert broken_references(out, base=None) == []


def test_incremental_export_without_changes_renders_and_writes_nothing(archive, tmp_path):
    out = tmp_path / "mirror"
    first = export(out)
    before = snapshot(out)
    report = export(out)
    after = snapshot(out)
    assert first.full and not report.full
    assert report.rendered == 0
    assert {name for name in after if after[name][0] != before[name][0]} == {MANIFEST}
    assert report.written == 0 and report.removed == 0
    assert report.files == first.files
    assert not report.search_rebuilt


def test_a_partner_added_when_no_page_read_partners_means_a_full_export(
    archive, tmp_path, django_capture_on_commit_callbacks
):
    partnership = Partnership.objects.first()
    Partnership.objects.all().delete()
    commit_setup()
    out = tmp_path / "mirror"
    export(out)
    with django_capture_on_commit_callbacks(execute=True):
        Partnership.objects.create(
            series=partnership.series, organization=partnership.organization, order=0
        )
    report = export(out)
    assert report.full
    assert "episodes.partnership" in report.reason
    assert partnership.organization.name in (out / "en" / "index.html").read_text()


def test_incremental_export_after_a_text_edit_renders_only_pages_that_read_it(archive, tmp_path):
    out = tmp_path / "mirror"
    first = export(out)
    archive.summary = "The panel weighs the Kyiv Security Compact, again."
    archive.save()
    report = export(out)
    assert not report.full, report.reason
    assert 0 < report.rendered < first.rendered / 3
    text = (out / "en/episodes" / LATER_SLUG / "index.html").read_text()
    assert "the Kyiv Security Compact, again." in text
    assert broken_references(out, base=None) == []


def test_incremental_export_after_renaming_a_speaker_matches_a_full_export(archive, tmp_path):
    # Lists show each panel's names (read as bare values, not as people whose loading the
    # export records): whichever way the export decides, every page naming him changes.
    incremental, full = tmp_path / "incremental", tmp_path / "full"
    export(incremental)
    Person.objects.filter(name="Valeriy Chaly").update(name="Valerii Chalyi")
    export(incremental)
    export(full)

    def pages(root):
        # (A feed without items, like the podcast one here, is dated at its rendering.)
        return {
            name: re.sub(rb"<lastBuildDate>[^<]*</lastBuildDate>", b"", content)
            for name, (_inode, content) in snapshot(root).items()
            if not name.startswith((".flames-export/", "pagefind/", "pagefind-delta/"))
        }

    renamed, fresh = pages(incremental), pages(full)
    assert renamed == fresh
    assert b"Valerii Chalyi" in renamed["en/episodes/index.html"]
    assert b"Valeriy Chaly" not in renamed["en/episodes/index.html"]


def test_incremental_export_renders_everything_when_a_key_field_changes(archive, tmp_path):
    out = tmp_path / "mirror"
    export(out)
    archive.number = 123
    archive.save()
    report = export(out)
    assert report.full
    assert "a key field of episodes_episode" in report.reason


def test_incremental_export_renders_everything_once_an_air_time_has_passed(archive, tmp_path):
    # Pages call the episode upcoming until it airs: from then on they all say otherwise.
    air_time = timezone.now() + timedelta(seconds=1)
    Episode.objects.filter(pk=archive.pk).update(air_time=air_time)
    out = tmp_path / "mirror"
    assert export(out).full
    time.sleep(max(0.0, (air_time - timezone.now()).total_seconds()) + 0.05)
    report = export(out)
    assert report.full
    assert report.reason == "a date or time in the content has passed since the last export"


def test_scheduled_time_passed_looks_at_air_times_not_at_modification_times(archive):
    tracked = changes.tracked_models({"episodes_episode"})
    aired = Episode.objects.filter(pk=archive.pk).values_list("air_time", flat=True).get()
    minute = timedelta(minutes=1)
    assert changes.scheduled_time_passed(tracked, aired - minute, aired + minute)
    assert changes.scheduled_time_passed(tracked, aired - minute, aired)
    assert not changes.scheduled_time_passed(tracked, aired, aired + minute)
    # Every save sets updated_at: an edit made in the window is no scheduled time.
    Episode.objects.filter(pk=archive.pk).update(air_time=aired + 10 * minute)
    now = timezone.now()
    Episode.objects.filter(pk=archive.pk).update(updated_at=now)
    assert not changes.scheduled_time_passed(tracked, now - minute, now + minute)


def test_incremental_export_removes_pages_that_no_longer_exist(archive, tmp_path):
    out = tmp_path / "mirror"
    export(out)
    Episode.objects.filter(slug=LATER_SLUG).update(status=Episode.Status.DRAFT)
    report = export(out)
    assert not (out / "en/episodes" / LATER_SLUG).exists()
    assert not (out / "uk/episodes" / LATER_SLUG / "embed").exists()
    assert report.removed >= 4
    assert broken_references(out, base=None) == []
    assert DEMO_TITLE in (out / "en/index.html").read_text()


def test_interrupted_export_leaves_the_previous_mirror_intact(archive, tmp_path, monkeypatch):
    out = tmp_path / "mirror"
    export(out)
    before = snapshot(out)
    Episode.objects.filter(slug=LATER_SLUG).update(title="Half-written")
    calls = []
    original = rendering.write_file

    def fail_midway(job, file, data):
        calls.append(file)
        if len(calls) == 20:
            raise KeyboardInterrupt
        return original(job, file, data)

    monkeypatch.setattr(rendering, "write_file", fail_midway)
    with pytest.raises(KeyboardInterrupt):
        export(out)
    assert snapshot(out) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == [".mirror.export-lock", "mirror"]
    assert snapshot(out) == before


def test_leftovers_of_a_killed_export_are_removed(archive, tmp_path):
    out = tmp_path / "mirror"
    export(out, search=False)
    leftover = tmp_path / ".mirror.export-k1ll3d"
    (leftover / "en").mkdir(parents=True)
    (leftover / "en/index.html").write_text("half")
    report = export(out, search=False)
    assert not report.full
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        ".mirror.export-lock",
        ".mirror.standby",
        "mirror",
    ]


def test_export_command_reports_what_changed(archive, tmp_path, capsys):
    call_command("export", str(tmp_path / "mirror"), "--workers", "1", "--no-search")
    out = capsys.readouterr().out
    assert out.startswith("Exported ")
    assert "written, 0 unchanged, 0 removed." in out


def test_export_command_reports_how_the_search_index_changed(archive, tmp_path, capsys):
    arguments = ["export", str(tmp_path / "mirror"), "--workers", "1"]
    call_command(*arguments)
    assert re.search(r"^Search index of \d+ pages rebuilt", capsys.readouterr().out, re.M)
    Episode.objects.filter(slug=LATER_SLUG).update(title="Security guarantees, revisited")
    call_command(*arguments)
    report = capsys.readouterr().out
    assert re.search(r"pages kept, with \d+ changed pages in its delta index \(", report)
    call_command(*arguments)
    assert re.search(r"pages kept, with \d+ changed pages", capsys.readouterr().out)


def test_export_into_a_file_is_a_one_line_error(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("not a folder")
    with pytest.raises(CommandError, match=r"file\.txt is a file, not a directory$"):
        call_command("export", str(target))


@pytest.mark.parametrize("workers", ["0", "-2"])
def test_export_with_no_workers_is_a_one_line_error(tmp_path, workers):
    with pytest.raises(CommandError, match=rf"^--workers must be 1 or more, not {workers}$"):
        call_command("export", str(tmp_path / "mirror"), "--workers", workers)
    assert list(tmp_path.iterdir()) == []


def test_export_where_nothing_can_be_written_is_a_one_line_error(db):
    with pytest.raises(ExportError, match=r"^cannot write in /sys: .+$"):
        export(Path("/sys/flames-mirror"))


def test_export_refuses_a_folder_that_holds_something_else(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(ExportError, match="is not empty and holds no earlier export"):
        export(tmp_path)
    assert os.listdir(tmp_path) == ["notes.txt"]


@pytest.mark.parametrize(
    "manifest",
    [
        '{"format": 2, "files": ["index.html"',
        '{"format": 2, "files": ["index.html"], "digests": []}',
    ],
)
def test_export_over_a_damaged_manifest_is_a_one_line_error(db, tmp_path, manifest):
    out = tmp_path / "mirror"
    (out / MANIFEST).parent.mkdir(parents=True)
    (out / MANIFEST).write_text(manifest)
    with pytest.raises(
        ExportError, match=r"^cannot read .+/mirror/\.flames-export/manifest\.json: "
    ):
        export(out)
    assert (out / MANIFEST).read_text() == manifest


def test_export_rejects_a_base_url_that_is_not_http(tmp_path):
    with pytest.raises(ExportError, match="must be an http or https URL"):
        export(tmp_path / "mirror", base_url="ftp://mirror.example/")
