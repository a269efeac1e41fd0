"""The export never follows, keeps or writes through a symbolic link it did not make:
links planted in the mirror or in the copy kept beside it are removed, and what they
point to is never read or written."""

import os
from pathlib import Path

import pytest

from flames.episodes.models import Episode
from flames.export.services import export_site
from tests.journey import LATER_SLUG

pytestmark = pytest.mark.django_db


def export(directory: Path):
    return export_site(directory=directory, workers=1)


def links_in(*folders: Path) -> list[str]:
    return sorted(
        str(Path(root, name))
        for folder in folders
        for root, dirs, files in os.walk(folder)
        for name in dirs + files
        if Path(root, name).is_symlink()
    )


def outside_file(tmp_path: Path) -> Path:
    target = tmp_path / "outside" / "notes.txt"
    target.parent.mkdir()
    target.write_text("the operator's own file\n")
    return target


@pytest.mark.parametrize("edit", [False, True], ids=["nothing-changed", "content-changed"])
def test_a_planted_file_link_is_replaced_by_the_real_file(archive, tmp_path, edit):
    out, target = tmp_path / "mirror", outside_file(tmp_path)
    export(out)
    robots = (out / "robots.txt").read_bytes()
    (out / "robots.txt").unlink()
    (out / "robots.txt").symlink_to(target)
    if edit:
        Episode.objects.filter(slug=LATER_SLUG).update(title="Security guarantees, revisited")

    export(out)

    assert target.read_text() == "the operator's own file\n"
    assert target.stat().st_nlink == 1  # not linked into the mirror either
    assert not (out / "robots.txt").is_symlink()
    assert (out / "robots.txt").read_bytes() == robots
    assert links_in(out, tmp_path / ".mirror.standby") == []


def test_a_planted_folder_link_is_replaced_by_the_real_folder(archive, tmp_path):
    out, target = tmp_path / "mirror", outside_file(tmp_path)
    export(out)
    pages = sorted(path.name for path in (out / "en" / "episodes").iterdir())
    os.rename(out / "en" / "episodes", tmp_path / "episodes-aside")
    (out / "en" / "episodes").symlink_to(target.parent, target_is_directory=True)

    export(out)

    assert sorted(path.name for path in target.parent.iterdir()) == ["notes.txt"]
    assert not (out / "en" / "episodes").is_symlink()
    assert sorted(path.name for path in (out / "en" / "episodes").iterdir()) == pages
    assert links_in(out, tmp_path / ".mirror.standby") == []


def test_a_link_planted_in_the_standby_copy_is_never_written_through(archive, tmp_path):
    out, target = tmp_path / "mirror", outside_file(tmp_path)
    standby = tmp_path / ".mirror.standby"
    export(out)
    page = Path("en") / "episodes" / LATER_SLUG / "index.html"
    (standby / page).unlink()
    (standby / page).symlink_to(target)
    (standby / "robots.txt").unlink()
    (standby / "robots.txt").symlink_to(target)
    # Two incremental exports: the second updates the standby copy in place.
    Episode.objects.filter(slug=LATER_SLUG).update(title="Security guarantees, revisited")
    export(out)
    Episode.objects.filter(slug=LATER_SLUG).update(title="Security guarantees, again")
    export(out)

    assert target.read_text() == "the operator's own file\n"
    assert b"Security guarantees, again" in (out / page).read_bytes()
    assert links_in(out, standby) == []


def test_a_standby_that_is_a_link_is_removed_not_followed(archive, tmp_path):
    out, target = tmp_path / "mirror", outside_file(tmp_path)
    standby = tmp_path / ".mirror.standby"
    export(out)
    Episode.objects.filter(slug=LATER_SLUG).update(title="Security guarantees, revisited")
    export(out)  # the standby now has a state the next export would take it by
    os.rename(standby, tmp_path / "standby-aside")
    standby.symlink_to(target.parent, target_is_directory=True)
    Episode.objects.filter(slug=LATER_SLUG).update(title="Security guarantees, again")

    export(out)

    assert sorted(path.name for path in target.parent.iterdir()) == ["notes.txt"]
    assert not standby.is_symlink()
    assert links_in(out, standby) == []
