"""What the people app announces to the apps above it, which it may not import.

Both are sent inside the merge's transaction, before the duplicate is deleted, with
``survivor`` and ``duplicate``: each app that points at people or organizations moves its
own rows to the survivor, so nothing is lost to the deletion's cascade.
"""

from django.dispatch import Signal

person_merged = Signal()
organization_merged = Signal()
