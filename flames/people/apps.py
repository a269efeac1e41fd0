from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "flames.people"
    verbose_name = _("People and organizations")
    # What pages, feeds and search show (flames.changes): model, and the id announcing a row.
    public_models = {
        "Organization": "pk",
        "OrganizationName": "organization_id",
        "OrganizationRedirect": "pk",
        "Person": "pk",
        "PersonName": "person_id",
        "PersonRedirect": "pk",
        "Position": "person_id",
    }
