"""The one exception an export raises for its reader."""


class ExportError(Exception):
    """An export that cannot start or finish; the message is one line for the reader."""
