"""The one error users see: what was asked, why it failed, what exists."""


class QodexError(Exception):
    """A problem the user can act on; the CLI prints it as one line, the TUI as a modal.

    Plugins raise it (or a subclass) for bad input instead of letting a library error escape.
    """

    def __init__(self, message: str, title: str = "qodex"):
        super().__init__(message)
        self.message = message
        self.title = title

    def __str__(self) -> str:
        return self.message
