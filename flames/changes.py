"""The one way to say "content changed".

Every model the public can see is named in its app's config (``public_models``), with
the field whose value announces a change of one of its rows: the row's own id, or the id
of the thing the row belongs to (a person's spelling announces the person). Saving,
deleting and linking (many-to-many) rows of those models announce themselves; a service
that writes in bulk, which sends no model signal, calls ``announce`` itself.

An announcement is the signal ``content_changed``, sent inside the writing transaction
with ``kind`` (the model's label, "episodes.appearance") and ``ids`` (a frozenset, or None
when which rows is not known). The page cache, the search index and the export listen to
it and to nothing else; a listener that must wait for the commit collects what changed
with ``at_commit``.
"""

import functools
from collections.abc import Callable, Hashable, Iterable

from django.apps import apps
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import Signal

content_changed = Signal()


def announce(model: type[models.Model], ids: Iterable[int | None] | None) -> None:
    """Say that rows of ``model`` changed, by the ids its registration names; ``None``
    when which rows is not known (a table rebuilt, or written for search pages alone)."""
    if ids is not None:
        ids = frozenset(pk for pk in ids if pk is not None)
        if not ids:
            return
    content_changed.send(sender=model, kind=model._meta.label_lower, ids=ids)


def at_commit(name: str, items: Iterable[Hashable], callback: Callable[[set], None]) -> set:
    """Collect ``items`` under ``name`` until the current transaction commits, then call
    ``callback`` once with all it collected (at once outside a transaction): an import
    changes hundreds of rows in one. Returns the items new to this transaction; one
    collected inside a savepoint is new again outside it, as a rollback would take with
    it what was written for it."""
    items = set(items)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        callback(items)
        return items
    collected = connection.__dict__.get(name)
    # Django drops the callback on a commit or a rollback, also of the savepoint it was
    # registered in: a new collection begins.
    if collected is None or not any(entry[1] is collected for entry in connection.run_on_commit):
        collected = connection.__dict__[name] = _Collected(callback)
        transaction.on_commit(collected)
    savepoints = tuple(connection.savepoint_ids)
    new = {item for item in items if (item, savepoints) not in collected.seen}
    collected.seen.update((item, savepoints) for item in new)
    collected.items.update(new)
    return new


class _Collected:
    def __init__(self, callback: Callable[[set], None]):
        self.callback = callback
        self.items: set = set()
        self.seen: set = set()

    def __call__(self):
        self.callback(self.items)


@functools.cache
def public_models() -> dict[type[models.Model], str]:
    """Every model the public can see, with the field its announcements carry."""
    found = {}
    for config in apps.get_app_configs():
        for name, field in getattr(config, "public_models", {}).items():
            found[config.get_model(name)] = field
    return found


def connect() -> None:
    """Make saving, deleting and linking rows of the public models announce them."""
    registered = public_models()
    for model, field in registered.items():
        uid = f"changes-{model._meta.label_lower}"
        row_changed = _RowChanged(model, field)
        post_save.connect(row_changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(row_changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
        silent = [
            relation
            # Hidden too: the link tables of many-to-many fields refer to rows that way.
            for relation in model._meta.get_fields(include_hidden=True)
            if relation.one_to_many
            and relation.auto_created
            and relation.related_model in registered
            and (relation.on_delete is models.SET_NULL or relation.related_model._meta.auto_created)
        ]
        if silent:
            unlinked = _Unlinked(silent)
            pre_delete.connect(unlinked, sender=model, weak=False, dispatch_uid=f"{uid}-unlinked")
    m2m_changed.connect(_links_changed, dispatch_uid="changes-links")


class _RowChanged:
    def __init__(self, model, field: str):
        self.model, self.field = model, field

    def __call__(self, sender, instance, **kwargs):
        announce(self.model, [getattr(instance, self.field)])


class _Unlinked:
    """Deleting a row sets the references to it to null, or deletes its many-to-many
    links, with no signal: announce the public rows that referred to it."""

    def __init__(self, relations):
        self.relations = relations

    def __call__(self, sender, instance, **kwargs):
        for relation in self.relations:
            model = relation.related_model
            referring = model._default_manager.filter(**{relation.field.name: instance.pk})
            field = public_models()[model]
            announce(model, referring.values_list(field, flat=True).distinct())


def _links_changed(sender, instance, action, pk_set, **kwargs):
    """``episode.topics.add(...)`` and the like write link rows with no save signal."""
    field = public_models().get(sender)
    if field is None:
        return
    # The link table's column that refers to ``instance``, on either side of the link.
    own = next(
        f.attname
        for f in sender._meta.concrete_fields
        if f.is_relation and isinstance(instance, f.related_model)
    )
    if action in ("post_add", "post_remove"):
        announce(sender, [instance.pk] if own == field else pk_set or ())
    elif action == "pre_clear":
        links = sender._default_manager.filter(**{own: instance.pk})
        announce(sender, links.values_list(field, flat=True).distinct())
