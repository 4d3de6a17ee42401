"""The one error an import raises for bad input; its message is shown to the user as is."""


class ImportInputError(Exception):
    """Input that cannot be imported: empty, binary, unreachable, refused, too large..."""
