"""Every person's own name becomes one of their spellings, which is what the import
matches: people typed into the back office without an "other spelling" were invisible."""

from django.db import migrations
from django.db.models import Exists, OuterRef

from flames.people.names import name_key, surname_skeleton


def add_own_spellings(apps, schema_editor):
    Person = apps.get_model("people", "Person")
    PersonName = apps.get_model("people", "PersonName")
    own = PersonName.objects.filter(person=OuterRef("pk"), name=OuterRef("name"))
    missing = Person.objects.filter(~Exists(own)).values_list("pk", "name")
    PersonName.objects.bulk_create(
        [
            PersonName(person_id=pk, name=name, key=name_key(name), skeleton=surname_skeleton(name))
            for pk, name in missing.iterator()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(add_own_spellings, migrations.RunPython.noop)]
