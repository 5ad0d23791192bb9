"""Errors that carry a Dutch message meant for the user, plus an exit code for the CLI."""


class UserError(Exception):
    """An error whose message is shown to the user as is (Dutch, says what to do next)."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if exit_code is not None:
            self.exit_code = exit_code


class InvalidQuestion(UserError):
    """Empty, whitespace-only or too long question."""


class IndexMissing(UserError):
    """No index yet: the user must run `python -m bot index`."""


class ModelMismatch(UserError):
    """The index was built with another embedding model."""


class LoaderError(UserError):
    """A document could not be read."""

    exit_code = 1


class UnknownTopic(UserError):
    """SWOT requested for a topic the knowledge base does not know."""


class ScheduleError(UserError):
    """A Dutch schedule phrase could not be understood."""
