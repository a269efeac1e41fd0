from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("people", "0004_organization_names_from_other_names")]

    operations = [migrations.RemoveField(model_name="organization", name="other_names")]
