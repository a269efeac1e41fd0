from django.db import models


class ContentVersion(models.Model):
    """A counter bumped whenever public content changes.

    Every app server compares it with the version its cached pages were rendered
    at, so one edit empties the page caches of all servers sharing the database.
    """

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return str(self.value)
