"""One way to say "content changed" (``flames.changes``): every model the public can see
is registered, and a save, a delete or a bulk write of any of them reaches the page
cache, the search index and the export."""

import pytest
from django.apps import apps
from django.utils import timezone

from flames.changes import public_models
from flames.episodes.models import Appearance, Episode, Series, Topic
from flames.episodes.services import set_status
from flames.export import changes as export_changes
from flames.export.models import PublicChange
from flames.export.services import export_site
from flames.models import ContentVersion
from flames.people.models import Organization, OrganizationRedirect, Person, PersonRedirect
from flames.people.services import add_positions, create_person, mark_distinct, merge_people
from flames.search.models import PendingChange
from flames.support.models import CallToAction
from tests.conftest import commit_setup
from tests.factories import transcript

# Public models whose rows the search index holds nothing of, with the search kind of
# change (``search.signals``) of the others.
NOT_SEARCHED = {
    "episodes.series",
    "episodes.partnership",
    "people.organizationredirect",
    "people.personredirect",
    "support.calltoaction",
    "support.calltoaction_episodes",
}
SEARCH_KIND = {
    "episodes.episode": "episode",
    "episodes.episode_topics": "episode",
    "episodes.appearance": "episode",
    "episodes.topic": "topic",
    "people.person": "person",
    "people.personname": "person",
    "people.position": "person",
    "people.organization": "organization",
    "people.organizationname": "organization",
    "transcripts.transcript": "transcript",
    "transcripts.cue": "transcript",
}
# Models of the content apps that no page, feed or search result shows.
BACK_OFFICE = {"people.distinctpeople"}
CONTENT_APPS = ("episodes", "people", "support", "transcripts")


@pytest.fixture
def content(later_episode, committed):
    """A row of every public model, indexed, its changes recorded and forgotten."""
    commit_setup()
    with committed():
        chaly = Person.objects.get(name="Valeriy Chaly")
        transcript(later_episode, (0, 2, "Valeriy Chaly", "Sanctions that bite."))
        PersonRedirect.objects.create(old_slug="v-chaly", person=chaly)
        OrganizationRedirect.objects.create(
            old_slug="old-partner", organization=Organization.objects.first()
        )
        CallToAction.objects.first().episodes.add(later_episode)
        later_episode.topics.add(Topic.objects.first())
    PublicChange.objects.all().delete()
    return later_episode


def labels(models) -> set[str]:
    return {model._meta.label_lower for model in models}


def test_every_model_of_the_content_apps_is_public_or_named_back_office():
    content_models = {
        model._meta.label_lower
        for label in CONTENT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }
    assert content_models - BACK_OFFICE == labels(public_models())


def test_every_model_the_exported_pages_read_is_public(content, tmp_path):
    export_site(directory=tmp_path / "mirror", workers=1)
    read = export_changes.load_state(tmp_path / "mirror")["tables"]
    by_table = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}
    assert labels(by_table[table] for table in read) - labels(public_models()) == set()


def test_every_public_model_is_searched_or_named_unsearched():
    assert labels(public_models()) == NOT_SEARCHED | SEARCH_KIND.keys()


class Listeners:
    """What each listener of ``flames.changes`` holds, before and after a write."""

    def __init__(self, committed):
        self.committed = committed

    def write(self, model, action):
        label = model._meta.label_lower
        version = ContentVersion.objects.filter(pk=1).values_list("value", flat=True).first()
        started = timezone.now()
        with self.committed():
            action()
            marked = set(PendingChange.objects.values_list("kind", flat=True))
        assert (ContentVersion.objects.get(pk=1).value) > (version or 0), "page cache"
        if label in SEARCH_KIND:
            assert SEARCH_KIND[label] in marked, "search index"
        recorded = PublicChange.objects.filter(kind=label).values_list("changed_at", flat=True)
        assert recorded and recorded[0] >= started, "export"


@pytest.fixture
def listeners(content, committed):
    return Listeners(committed)


def any_row(model):
    return model._default_manager.order_by("pk").first()


def links_of(through):
    """The many-to-many manager of a link row's first side, and its other side."""
    row = any_row(through)
    field = next(
        field
        for model in apps.get_models()
        for field in model._meta.many_to_many
        if field.remote_field.through is through
    )
    source = getattr(row, field.m2m_field_name())
    return getattr(source, field.name), getattr(row, field.m2m_reverse_field_name())


# Rows that can be deleted (others refer to the first rows of these, protected).
SPARE = {
    "episodes.series": lambda: Series.objects.create(title="Spare", slug="spare"),
    "people.organization": lambda: Organization.objects.create(name="Spare", slug="spare"),
    "people.person": lambda: create_person(name="Spare Guest"),
}


@pytest.mark.parametrize("label", sorted(NOT_SEARCHED | SEARCH_KIND.keys()))
def test_saving_a_public_row_reaches_every_listener(listeners, committed, label):
    model = apps.get_model(label)
    if model._meta.auto_created:  # a link row, saved by its many-to-many manager
        manager, other = links_of(model)
        with committed():
            manager.remove(other)
        listeners.write(model, lambda: manager.add(other))
    else:
        listeners.write(model, any_row(model).save)


@pytest.mark.parametrize("label", sorted(NOT_SEARCHED | SEARCH_KIND.keys()))
def test_deleting_a_public_row_reaches_every_listener(listeners, committed, label):
    model = apps.get_model(label)
    if model._meta.auto_created:
        manager, other = links_of(model)
        listeners.write(model, lambda: manager.remove(other))
        return
    if label in SPARE:
        with committed():
            SPARE[label]()
        row = model._default_manager.order_by("pk").last()
    else:
        row = any_row(model)
    listeners.write(model, row.delete)


def _link_topics(episode):
    episode.topics.clear()


def _merge(episode):
    duplicate = Person.objects.filter(redirects__isnull=False).get()  # its redirects move
    merge_people(survivor=Person.objects.exclude(pk=duplicate.pk).first(), duplicate=duplicate)


# Writes in bulk, which send no model signal, and the public model each writes.
BULK_WRITES = {
    "episodes.episode": lambda episode: set_status(
        episodes=Episode.objects.filter(pk=episode.pk), status=Episode.Status.DRAFT
    ),
    "episodes.episode_topics": _link_topics,
    "episodes.appearance": lambda episode: (
        Appearance.objects.filter(episode=episode).first().person.episodes.remove(episode)
    ),
    "people.position": lambda episode: add_positions(
        [Person.objects.first().positions.model(person=Person.objects.first(), title="Envoy")]
    ),
    "people.person": lambda episode: mark_distinct(
        first=Person.objects.order_by("pk")[0], second=Person.objects.order_by("pk")[1]
    ),
    "people.personredirect": _merge,
    "transcripts.cue": lambda episode: transcript(episode, (0, 1, "", "Again.")),
    "support.calltoaction_episodes": lambda episode: episode.calls_to_action.clear(),
}


@pytest.mark.parametrize("label", sorted(BULK_WRITES))
def test_a_bulk_write_reaches_every_listener(listeners, content, label):
    listeners.write(apps.get_model(label), lambda: BULK_WRITES[label](content))
