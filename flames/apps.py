from django.apps import AppConfig


class FlamesConfig(AppConfig):
    """The project package itself: base templates, static files, translations, CLI."""

    name = "flames"
    verbose_name = "Flames"

    def ready(self):
        from django.contrib.auth.signals import user_login_failed

        from flames import changes
        from flames.guard import sign_in
        from flames.web import pagecache

        user_login_failed.connect(sign_in.log_failure, dispatch_uid="sign-in-failure-log")
        changes.connect()
        changes.content_changed.connect(pagecache.pages_changed, dispatch_uid="page-cache")
