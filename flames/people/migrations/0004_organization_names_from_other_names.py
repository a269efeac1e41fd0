"""Each line of an organization's "other names" text becomes a name of its own, and its own
name is one of its names, as the import matches names; keys follow the current matching."""

from django.db import migrations

from flames.people.names import organization_initials, organization_key


def move_other_names(apps, schema_editor):
    Organization = apps.get_model("people", "Organization")
    OrganizationName = apps.get_model("people", "OrganizationName")
    rows = []
    for organization in Organization.objects.order_by("pk").iterator():
        lines = (line.strip() for line in organization.other_names.splitlines())
        names = dict.fromkeys([organization.name, *(line[:300] for line in lines if line)])
        for name in names:
            initials, initials_joined = organization_initials(name)
            rows.append(
                OrganizationName(
                    organization_id=organization.pk,
                    name=name,
                    key=organization_key(name),
                    initials=initials,
                    initials_joined=initials_joined,
                )
            )
        key = organization_key(organization.name)
        if key != organization.key:
            Organization.objects.filter(pk=organization.pk).update(key=key)
    OrganizationName.objects.bulk_create(rows, batch_size=500)


def back_to_other_names(apps, schema_editor):
    Organization = apps.get_model("people", "Organization")
    for organization in Organization.objects.prefetch_related("names"):
        others = [n.name for n in organization.names.all() if n.name != organization.name]
        Organization.objects.filter(pk=organization.pk).update(other_names="\n".join(others))
    apps.get_model("people", "OrganizationName").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0003_organization_names")]

    operations = [migrations.RunPython(move_other_names, back_to_other_names)]
