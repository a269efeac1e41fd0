from django.db import models


class PublicChange(models.Model):
    """When rows of a public model (``kind``, its label) last changed.

    An incremental export compares digests of the tables its pages read; a change to a
    table no page read at the last full export (one that was empty, say) is known from
    here, and means a full export."""

    kind = models.CharField(max_length=100, unique=True)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.kind} {self.changed_at:%Y-%m-%d %H:%M:%S}"
