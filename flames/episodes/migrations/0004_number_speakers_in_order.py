"""Number every episode's speakers 1, 2, 3 ... in the order they are shown.

Rows added in the back office before speakers could be dragged all got order 0 and
were shown in the order they were saved; the drag-and-drop table needs distinct
numbers. The order shown (order, then id) does not change."""

from itertools import groupby

from django.db import migrations

BATCH = 1000


def number_speakers(apps, schema_editor):
    Appearance = apps.get_model("episodes", "Appearance")
    rows = Appearance.objects.order_by("episode_id", "order", "id").only("episode_id", "order")
    changed = []
    for _, panel in groupby(rows.iterator(chunk_size=BATCH), key=lambda row: row.episode_id):
        for order, appearance in enumerate(panel, start=1):
            if appearance.order != order:
                appearance.order = order
                changed.append(appearance)
    Appearance.objects.bulk_update(changed, ["order"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("episodes", "0003_episode_needs_review")]

    operations = [
        migrations.RunPython(number_speakers, migrations.RunPython.noop, elidable=True)
    ]
