"""The people app's data migrations, run on rows written before them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _latest_schema_afterwards():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(target: str):
    """Migrate the people app to ``target``; the historical app registry there."""
    executor = MigrationExecutor(connection)
    executor.migrate([("people", target)])
    executor.loader.build_graph()
    return executor.loader.project_state([("people", target)]).apps


def test_person_own_spelling_migration_adds_missing_names():
    old = _migrate("0001_initial")
    Person = old.get_model("people", "Person")
    PersonName = old.get_model("people", "PersonName")
    chaly = Person.objects.create(name="Valeriy Chaly", slug="valeriy-chaly", initial="C")
    klimkin = Person.objects.create(name="Pavlo Klimkin", slug="pavlo-klimkin", initial="K")
    PersonName.objects.create(person=klimkin, name="Pavlo Klimkin", key="pavlo klimkin")

    new = _migrate("0002_person_own_spelling")

    names = new.get_model("people", "PersonName").objects.order_by("name")
    assert list(names.values_list("person_id", "name", "key", "skeleton")) == [
        (klimkin.pk, "Pavlo Klimkin", "pavlo klimkin", ""),
        (chaly.pk, "Valeriy Chaly", "valeri chali", "chl"),
    ]


def test_organization_other_names_become_names():
    old = _migrate("0002_person_own_spelling")
    Organization = old.get_model("people", "Organization")
    ucmc = Organization.objects.create(
        name="Ukraine Crisis Media Center",
        slug="ucmc",
        key="ukraine crisis media center",
        other_names="UCMC\n\n  Український кризовий медіа-центр \nUCMC\n",
    )
    razom = Organization.objects.create(name="Razom", slug="razom", key="razom")

    new = _migrate("0005_remove_organization_other_names")

    names = new.get_model("people", "OrganizationName").objects.order_by("pk")
    assert list(names.values_list("organization_id", "name", "key", "initials")) == [
        (ucmc.pk, "Ukraine Crisis Media Center", "krisis media senter ukraine", "ucmc"),
        (ucmc.pk, "UCMC", "ukmk", "ucmc"),
        (ucmc.pk, "Український кризовий медіа-центр", "krisov mediasentr ukrainsk", "укмц"),
        (razom.pk, "Razom", "rasom", ""),
    ]
    organizations = new.get_model("people", "Organization").objects.order_by("pk")
    assert list(organizations.values_list("key", flat=True)) == [
        "krisis media senter ukraine",
        "rasom",
    ]

    back = _migrate("0003_organization_names").get_model("people", "Organization")
    assert back.objects.get(pk=ucmc.pk).other_names == "UCMC\nУкраїнський кризовий медіа-центр"
