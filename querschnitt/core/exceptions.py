"""The one error type that services raise for a user to read."""

from django.utils.functional import Promise


class ApplicationError(Exception):
    """A rule of the domain or a permission forbids the write; nothing has been changed.

    `message` is translated text meant for the user; `field` names the form field it belongs to, if any.
    """

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
