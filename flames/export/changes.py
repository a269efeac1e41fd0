"""Which pages an edit touches, so an incremental export renders only those.

While a full export renders, every model instance a page loads is recorded as a
dependency of that page (``Dependencies``, a ``post_init`` receiver). The export
then keeps, outside the mirror, an index from each (table, row) to the pages
that read it, and a snapshot of every row of those tables: one digest of the
whole row, one of its *key* fields (everything that can move a row into or out
of a list, or reorder one: keys, choices, dates, numbers, slugs, indexed and
ordering fields; the rest are text fields such as titles, summaries, roles).

The next export compares the snapshot with the database. When rows changed in
their text fields only, on the same day, with the same code, the pages that
read those rows are all that can differ: only they are rendered again. Anything
else (a row added or removed, a key field changed, a date passed, new code, a
change announced to a public table no page read: ``PublicChange``) means a full
export, which is always correct.
"""

import bisect
import hashlib
import pickle
from array import array
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections, models
from django.utils import timezone

from flames.changes import at_commit, public_models
from flames.export.models import PublicChange

STATE_FORMAT = 6
_TEXT_FIELDS = (models.CharField, models.TextField)


def record_change(sender, kind: str, **kwargs) -> None:
    """Note, when the transaction commits, that rows of a public model changed (listens
    to ``flames.changes``): once per model and transaction."""
    if sender in public_models():
        at_commit("_flames_export_changes", [kind], _write_changes)


def _write_changes(kinds: set[str]) -> None:
    now = timezone.now()
    PublicChange.objects.bulk_create(
        [PublicChange(kind=kind, changed_at=now) for kind in sorted(kinds)],
        update_conflicts=True,
        unique_fields=["kind"],
        update_fields=["changed_at"],
    )


def unread_changes(since: datetime, tables: list[str]) -> list[str]:
    """The public models changed after ``since`` whose tables no page read."""
    unread = {
        model._meta.label_lower for model in public_models() if model._meta.db_table not in tables
    }
    changed = PublicChange.objects.filter(changed_at__gt=since).values_list("kind", flat=True)
    return sorted(kind for kind in changed if kind in unread)


class Dependencies:
    """Records (table, primary key) of every instance loaded while ``recording``."""

    def __init__(self):
        self.tables = sorted({model._meta.db_table for model in apps.get_models()})
        self.numbers = {table: number for number, table in enumerate(self.tables)}
        self.current: array | None = None

    def __call__(self, sender, instance, **kwargs):
        if self.current is not None and isinstance(instance.pk, int):
            self.current.append(self.numbers[sender._meta.db_table])
            self.current.append(instance.pk)

    def start(self) -> None:
        self.current = array("q")

    def stop(self) -> array:
        recorded, self.current = self.current, None
        return recorded


def index(pages: list[str], recorded: list[array], tables: list[str]) -> dict:
    """{table: (primary keys, offsets, page numbers)} from each page's recorded pairs.

    Three flat arrays per table rather than an array per row: the state holding
    them loads in milliseconds, not a fifth of a second. The pages reading the row
    ``pks[i]`` are ``numbers[offsets[i]:offsets[i + 1]]`` (``pages_reading``).
    """
    found: dict[str, dict[int, set]] = {}
    for number, pairs in enumerate(recorded):
        for position in range(0, len(pairs), 2):
            table = tables[pairs[position]]
            found.setdefault(table, {}).setdefault(pairs[position + 1], set()).add(number)
    flat = {}
    for table, rows in found.items():
        pks, offsets, numbers = array("q"), array("I", [0]), array("I")
        for pk in sorted(rows):
            pks.append(pk)
            numbers.extend(sorted(rows[pk]))
            offsets.append(len(numbers))
        flat[table] = (pks, offsets, numbers)
    return flat


def pages_reading(dependencies: dict, table: str, pk: int) -> array:
    """The numbers of the pages that read row ``pk`` of ``table`` (see ``index``)."""
    if table not in dependencies:
        return array("I")
    pks, offsets, numbers = dependencies[table]
    position = bisect.bisect_left(pks, pk)
    if position == len(pks) or pks[position] != pk:
        return array("I")
    return numbers[offsets[position] : offsets[position + 1]]


def _key_field(model, model_field) -> bool:
    if model_field.primary_key or model_field.is_relation or model_field.choices:
        return True
    if getattr(model_field, "auto_now", False):
        return False  # a modification time follows every edit; pages only print it
    ordering = {str(name).lstrip("-") for name in model._meta.ordering}
    if (
        model_field.name in ordering
        or model_field.unique
        or model_field.db_index
        or isinstance(model_field, models.SlugField)
    ):
        return True
    return not isinstance(model_field, _TEXT_FIELDS)


def tracked_models(tables: set[str]) -> list:
    """Models whose rows pages read, and the many-to-many tables between them."""
    chosen = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table in tables:
            chosen[model._meta.db_table] = model
            for many in model._meta.many_to_many:
                through = many.remote_field.through
                chosen[through._meta.db_table] = through
    return [chosen[table] for table in sorted(chosen)]


@dataclass
class Snapshot:
    rows: dict[str, dict] = field(default_factory=dict)  # table -> {pk: (full, key)}
    tables: dict[str, bytes] = field(default_factory=dict)  # table -> digest of all its rows


def snapshot(model_list, previous: Snapshot | None = None) -> Snapshot:
    """Digests of every row of ``model_list``'s tables, as the database stores it.

    Most tables did not change since ``previous``: one digest of the whole table
    tells, and their rows keep their digests from there. In a table that changed,
    a row whose full digest equals its old one keeps its key digest.
    """
    taken = Snapshot()
    for model in model_list:
        fields = list(model._meta.concrete_fields)
        names = [f.attname for f in fields]
        keys = [i for i, f in enumerate(fields) if _key_field(model, f)]
        pk_position = names.index(model._meta.pk.attname)
        name = model._meta.db_table
        rows = _stored_rows(model, names)
        # Pickled rather than repr'd: faster, and equal bytes mean equal rows. (Were
        # equal rows to give other bytes, that would cost time, never a missed change.)
        whole = hashlib.blake2b(pickle.dumps(rows, protocol=5), digest_size=16).digest()
        taken.tables[name] = whole
        if previous and previous.tables.get(name) == whole:
            taken.rows[name] = previous.rows[name]
            continue
        before = previous.rows.get(name, {}) if previous else {}
        table = {}
        for row in rows:
            full = hashlib.blake2b(pickle.dumps(row, protocol=5), digest_size=8).digest()
            pk = row[pk_position]
            entry = before.get(pk)
            if entry is None or entry[0] != full:
                # repr, not pickle: key digests must be equal for equal keys, or a full
                # export would follow.
                key = repr([row[i] for i in keys]).encode()
                entry = (full, hashlib.blake2b(key, digest_size=8).digest())
            table[pk] = entry
        taken.rows[name] = table
    return taken


def _stored_rows(model, names: list[str]) -> list[tuple]:
    """The table's rows as the database driver returns them: Django's conversions (a
    date and time parsed from text on SQLite) would double the snapshot's time."""
    queryset = model._default_manager.using("default").order_by("pk").values_list(*names)
    sql, params = queryset.query.sql_with_params()
    with connections["default"].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def scheduled_time_passed(model_list, since: datetime, now: datetime) -> bool:
    """Whether a date and time a row holds (an air time) came between ``since`` and
    ``now``: pages that called an episode upcoming must change. The automatic times
    every edit sets do not count."""
    for model in model_list:
        for model_field in filter(_scheduled, model._meta.concrete_fields):
            window = {f"{model_field.attname}__gt": since, f"{model_field.attname}__lte": now}
            if model._default_manager.using("default").filter(**window).exists():
                return True
    return False


def _scheduled(model_field) -> bool:
    automatic = any(getattr(model_field, flag, False) for flag in ("auto_now", "auto_now_add"))
    return isinstance(model_field, models.DateTimeField) and not automatic


@dataclass
class Verdict:
    """``pages``: numbers of the pages to render again, or None for a full export."""

    pages: set | None
    reason: str = ""


def compare(old: Snapshot, new: Snapshot, dependencies: dict) -> Verdict:
    if old.rows.keys() != new.rows.keys():
        return Verdict(None, "the set of tables changed")
    pages: set[int] = set()
    for table, rows in new.rows.items():
        before = old.rows[table]
        if rows.keys() != before.keys():
            return Verdict(None, f"rows were added to or removed from {table}")
        for pk, (full, key) in rows.items():
            old_full, old_key = before[pk]
            if full == old_full:
                continue
            if key != old_key:
                return Verdict(None, f"a key field of {table} #{pk} changed")
            pages.update(pages_reading(dependencies, table, pk))
    return Verdict(pages)


def code_fingerprint(extra: str) -> str:
    """A digest of the code, templates, translations and static files that render pages."""
    digest = hashlib.blake2b(extra.encode(), digest_size=16)
    root = Path(settings.BASE_DIR)
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html", ".txt", ".xml", ".mo", ".css", ".js", ".json"):
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    for name in ("LANGUAGES", "CONTENT_SECURITY_POLICY", "STATIC_URL", "TIME_ZONE", "STORAGES"):
        digest.update(repr(getattr(settings, name, None)).encode())
    return digest.hexdigest()


def state_path(directory: Path) -> Path:
    """Where the state of the export into ``directory`` is kept: in the data directory,
    never in the published mirror."""
    name = hashlib.blake2b(str(directory).encode(), digest_size=10).hexdigest()
    return Path(settings.DATA_DIR) / "export-state" / f"{name}.pickle"


# What only a full export changes (the site's addresses and who reads what) is kept
# pickled on its own: saving after an incremental export copies those bytes as they are.
FULL_EXPORT_PARTS = ("pages", "results", "seconds", "table", "indexed", "dependencies", "tables")


def load_state(directory: Path) -> dict | None:
    try:
        with state_path(directory).open("rb") as handle:
            state = pickle.load(handle)
        if state.get("format") != STATE_FORMAT:
            return None
        state.update(pickle.loads(state["full_export_parts"]))
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, KeyError):
        return None
    return state


def save_state(directory: Path, state: dict) -> None:
    """Keep ``state`` for the next export; a state from ``load_state`` keeps its
    ``full_export_parts`` (the parts in FULL_EXPORT_PARTS must not have changed)."""
    parts = state.get("full_export_parts") or pickle.dumps(
        {name: state[name] for name in FULL_EXPORT_PARTS}, protocol=pickle.HIGHEST_PROTOCOL
    )
    rest = {name: value for name, value in state.items() if name not in FULL_EXPORT_PARTS}
    path = state_path(directory)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    with temporary.open("wb") as handle:
        pickle.dump(
            {**rest, "full_export_parts": parts, "format": STATE_FORMAT},
            handle,
            protocol=pickle.HIGHEST_PROTOCOL,
        )
    temporary.replace(path)
