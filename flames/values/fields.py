from django.db import models

from flames.values.link_schemes import safe_link


class LinkField(models.URLField):
    """A link to another site, read back only if it is safe to write into a page.

    Every stored link reaches readers through this field (pages, feeds, JSON-LD,
    calendars, oEmbed, the static export), so reading it here is the one place the
    rule of ``flames.values.link_schemes`` needs: a ``javascript:`` link stored by a shell or
    an import is read as "", which every template already shows as no link, and a
    ``www.`` link as https. What is stored stays as it was.
    """

    def from_db_value(self, value, expression, connection):
        return safe_link(value) if value else value
