"""The exception family of the ``geo`` package.

As in geopy, every error subclasses :class:`GeoError` and the built-in
exception it resembles, so callers can catch either.
"""


class GeoError(Exception):
    """Base class of every error raised by this package."""


class ConfigurationError(GeoError, ValueError):
    """A setting has a value that cannot be used."""


class _Located:
    """Mixin: a message prefixed with ``source:line:`` (the file and line it is about)."""

    def __init__(self, message, source=None, line=None):
        self.source = source
        self.line = line
        self.message = message
        where = ""
        if source is not None:
            where = f"{source}:{line}: " if line is not None else f"{source}: "
        super().__init__(where + message)


class InputError(_Located, GeoError, ValueError):
    """An input document or line cannot be read.

    Parameters
    ----------
    message : str
        What is wrong.
    source : str, optional
        The file name (or ``<stdin>``).
    line : int, optional
        1-based line number in ``source``.
    """


class InputWarning(_Located, GeoError, UserWarning):
    """Input that was read, but not entirely as given (an unknown column, a skipped file).

    Same parameters as :class:`InputError`; nothing is rejected.
    """


class StoreError(GeoError, RuntimeError):
    """The event store cannot be opened, migrated or written."""


class StoreUnavailable(StoreError, ConnectionError):
    """The store's server cannot be reached (or went away): try again later; nothing was lost."""


class FeedError(GeoError, RuntimeError):
    """A news feed or one of its pages could not be fetched or read (named with its URL)."""


class GazetteerError(GeoError, RuntimeError):
    """The gazetteer index cannot be built or loaded."""


class GazetteerInputError(GazetteerError, ValueError):
    """A gazetteer source file (supplement, GeoNames dump) has a bad row."""


class GeocoderUnavailable(GeoError, ConnectionError):
    """The online geocoder could not be reached (or is switched off)."""


class ModelError(GeoError, RuntimeError):
    """A trained model (the place recogniser) is missing or cannot be read."""


class ReviewError(GeoError, ValueError):
    """An analyst's edit cannot be made: a bad value, an unknown report or field."""


class EditConflict(ReviewError):
    """Another analyst changed the same field of the report since this one read it.

    Attributes
    ----------
    key, field : str
        The report and the field.
    now : dict
        What the field holds now.
    last : dict or None
        The other analyst's edit: ``user``, ``at``, ``new_value``.
    """

    def __init__(self, key, field, now, last):
        self.key, self.field, self.now, self.last = key, field, now, last
        who = f" by {last['user']} at {last['at']}" if last else ""
        super().__init__(f"{field} of report {key} was changed{who} since you read it; it is now {now}. "
                         "Reload and make your change again if it still applies.")


class AccessDenied(GeoError, PermissionError):
    """The user's role does not allow the action, or nobody is signed in."""
