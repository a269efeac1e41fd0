from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "flames.support"
    verbose_name = _("Calls to action")
    # What pages, feeds and search show (flames.changes): model, and the id announcing a row.
    public_models = {"CallToAction": "pk", "CallToAction_episodes": "calltoaction_id"}

    def ready(self):
        from flames.people.signals import organization_merged
        from flames.support.services import take_over_calls_to_action

        organization_merged.connect(take_over_calls_to_action, dispatch_uid="support-merge")
