"""The mirror is for other users to serve (nginx as www-data): its modes follow the umask."""

import os
import stat
from pathlib import Path

import pytest

from flames.episodes.models import Episode
from flames.export.services import export_site
from tests.journey import LATER_SLUG

pytestmark = pytest.mark.django_db


def export(directory: Path, **options):
    return export_site(directory=directory, workers=1, **options)


def modes(root: Path) -> dict[str, set[int]]:
    """The modes of ``root`` and everything in it: {"folders": {...}, "files": {...}}."""
    paths = [root, *root.rglob("*")]
    return {
        "folders": {stat.S_IMODE(path.stat().st_mode) for path in paths if path.is_dir()},
        "files": {stat.S_IMODE(path.stat().st_mode) for path in paths if path.is_file()},
    }


@pytest.fixture
def umask(request):
    previous = os.umask(request.param)
    yield request.param
    os.umask(previous)


@pytest.mark.parametrize(
    ("umask", "folder", "file"), [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)], indirect=["umask"]
)
def test_mirror_and_standby_follow_the_umask(archive, tmp_path, umask, folder, file):
    out = tmp_path / "mirror"

    export(out)

    assert modes(out) == {"folders": {folder}, "files": {file}}
    assert modes(tmp_path / ".mirror.standby") == {"folders": {folder}, "files": {file}}


@pytest.mark.parametrize("umask", [0o022], indirect=True)
def test_the_next_export_keeps_an_operators_mode_of_the_mirror(archive, tmp_path, umask):
    out = tmp_path / "mirror"
    export(out)
    out.chmod(0o711)

    Episode.objects.filter(slug=LATER_SLUG).update(title="Security guarantees, revisited")
    incremental = export(out)
    after_incremental = stat.S_IMODE(out.stat().st_mode)
    full = export(out, search=False)

    assert not incremental.full and full.full
    assert after_incremental == 0o711
    assert stat.S_IMODE(out.stat().st_mode) == 0o711
    assert modes(out / "en")["folders"] == {0o755}


def _another_group() -> int | None:
    """A group this process may give its files: any as root, else one it belongs to."""
    own = os.getegid()
    others = [gid for gid in os.getgroups() if gid != own]
    if os.geteuid() == 0:
        return own + 1000
    return others[0] if others else None


@pytest.mark.skipif(_another_group() is None, reason="this user belongs to one group only")
def test_the_next_export_keeps_an_operators_group_of_the_mirror(archive, tmp_path):
    out = tmp_path / "mirror"
    export(out, search=False)
    group = _another_group()
    os.chown(out, -1, group)

    export(out)

    assert out.stat().st_gid == group
