"""Step 1 of an export: render every address the site's own pages lead to.

The crawl starts from the root, every parameterless address (the sitemap and
robots.txt among them) in every language, and follows every address of the site
those pages refer to, until nothing new turns up.
"""

import os

from django.db import connections
from django.utils.translation import gettext as _
from tqdm import tqdm

from flames.export import links, selectors
from flames.export.rendering import REDIRECTS, InlinePool, Rendered, WorkerPool


def open_pool(*, mirror: links.Mirror, workers: int | None) -> InlinePool | WorkerPool:
    """Renderers in ``workers`` forked processes (all cores by default), or in this one."""
    size = workers or os.cpu_count() or 1
    database = connections["default"]
    if size <= 1 or database.vendor == "sqlite" and database.is_in_memory_db():
        return InlinePool(mirror)
    return WorkerPool(mirror, size)


def crawl(
    pool: InlinePool | WorkerPool, mirror: links.Mirror, *, progress: bool = False
) -> dict[str, Rendered]:
    """Render everything the site's own pages lead to, starting from the seed addresses."""
    frontier = selectors.seed_addresses()
    seen = set(frontier)
    referenced: set[str] = set()
    results: dict[str, Rendered] = {}
    variants = selectors.language_variants
    bar = tqdm(
        total=len(frontier),
        desc=_("Rendering"),
        unit=_("page"),
        disable=not progress,
        mininterval=0.5,
    )

    def on_result(result: Rendered) -> None:
        results[result.key] = result
        follow = list(result.references)
        if result.status in REDIRECTS and result.location:
            found = mirror.internal_key(result.location, result.key)
            if found is not None:
                follow.append(found[0])
        referenced.update(follow)
        new = []
        for key in follow:
            if key in seen or mirror.is_static(key):
                continue
            # The same page in the other languages, found now rather than through
            # its language links, goes into the same batch.
            for variant in variants(key):
                if variant not in seen:
                    seen.add(variant)
                    new.append(variant)
        frontier.extend(new)
        bar.total += len(new)
        bar.update(1)

    try:
        pool.render_all(frontier, on_result)
    finally:
        bar.close()
    for key, result in results.items():
        result.referenced = key in referenced
    return results


def time_per_view(results) -> dict[str, tuple[int, float]]:
    """Per view: (pages, seconds spent rendering them), to see where the time goes."""
    views: dict[str, list] = {}
    for result in results:
        entry = views.setdefault(result.view or "-", [0, 0.0])
        entry[0] += 1
        entry[1] += result.seconds
    return {view: tuple(entry) for view, entry in views.items()}
