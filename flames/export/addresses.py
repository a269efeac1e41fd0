"""Step 2 of an export: where each rendered address lives in the mirror.

A public page is a file; a redirect leads to its final page's file (or outside
the site) and gets a small page of its own that sends the reader on; anything
else has no place in the mirror.
"""

from dataclasses import dataclass
from urllib.parse import urljoin

from django.utils.translation import gettext as _

from flames.export import links
from flames.export.errors import ExportError
from flames.export.rendering import REDIRECTS, Rendered

MAX_REDIRECTS = 10


@dataclass
class AddressTable:
    targets: dict[str, links.Target]  # address -> where it leads in the mirror
    redirects: dict[str, str]  # address -> the file of the page that sends the reader on


def address_table(results: dict[str, Rendered], mirror: links.Mirror) -> AddressTable:
    """Where each rendered address lives in the mirror, and the redirects to write."""
    table: dict[str, links.Target] = {}
    owners: dict[str, str] = {}
    for key, result in results.items():
        if result.status != 200 or not result.public:
            continue
        file = links.file_for(key, result.kind)
        if file in owners:
            raise ExportError(
                _("%(first)s and %(second)s would both be written to %(file)s")
                % {"first": owners[file], "second": key, "file": file}
            )
        owners[file] = key
        table[key] = links.Target(file=file)
    folders = {name.rsplit("/", 1)[0] for name in owners if "/" in name}
    redirects: dict[str, str] = {}
    for key, result in results.items():
        if result.status not in REDIRECTS:
            continue
        target = _follow(key, results, mirror)
        if target is None:
            continue
        table[key] = target
        if target.external:
            continue
        stub = links.file_for(key, "html")
        if stub not in owners and stub not in folders:
            redirects[key] = stub
    return AddressTable(targets=table, redirects=redirects)


def _follow(key: str, results: dict[str, Rendered], mirror: links.Mirror) -> links.Target | None:
    for _hop in range(MAX_REDIRECTS):
        result = results.get(key)
        if result is None:
            return None
        if result.status == 200:
            return links.Target(file=links.file_for(key, result.kind)) if result.public else None
        if result.status not in REDIRECTS:
            return None
        found = mirror.internal_key(result.location, key)
        if found is None:
            return links.Target(external=urljoin(mirror.origin + key, result.location))
        key = found[0]
    return None
