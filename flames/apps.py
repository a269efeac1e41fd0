from django.apps import AppConfig


class FlamesConfig(AppConfig):
    """The project package itself: base templates, static files, translations, CLI."""

    name = "flames"
    verbose_name = "Flames"

    def ready(self):
        from django.apps import apps
        from django.contrib.auth.signals import user_login_failed
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from flames.guard import sign_in
        from flames.web.pagecache import content_changed

        user_login_failed.connect(sign_in.log_failure, dispatch_uid="sign-in-failure-log")

        for label in ("people", "episodes", "support"):
            for model in apps.get_app_config(label).get_models():
                post_save.connect(content_changed, sender=model, dispatch_uid=f"cache-{model}")
                post_delete.connect(content_changed, sender=model, dispatch_uid=f"cache-d-{model}")
        m2m_changed.connect(content_changed, dispatch_uid="cache-m2m")
