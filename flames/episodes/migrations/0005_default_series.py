"""A fresh site starts with the series, so an editor's first episode has one to belong to.

Editors change its texts under Series; a site that already has a series gets nothing."""

from django.db import migrations

SERIES = {
    "slug": "ukraine-in-flames",
    "title": "Ukraine in Flames",
    "title_uk": "Україна в огні",
    "mission": (
        "Expert panel discussions on Russia's war against Ukraine and what the world can do "
        "about it, produced by Ukraine Crisis Media Center with partner NGOs since 2022."
    ),
    "mission_uk": (
        "Експертні дискусії про війну Росії проти України і те, що світ може з нею зробити, "
        "від Українського кризового медіа-центру та партнерських ГО з 2022 року."
    ),
}


def add_default_series(apps, schema_editor):
    Series = apps.get_model("episodes", "Series")
    if not Series.objects.exists():
        Series.objects.create(**SERIES)


class Migration(migrations.Migration):
    dependencies = [("episodes", "0004_number_speakers_in_order")]

    operations = [migrations.RunPython(add_default_series, migrations.RunPython.noop)]
