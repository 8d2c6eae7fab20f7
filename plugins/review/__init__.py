"""The review screen: a plugin like any other, adding one TUI screen through `register_screens`
(opened from the command palette: "Open Review suggestions")."""

from qodex import Screen, hookimpl


def open_review(app):
    from qodex.plugins.review.screen import ReviewScreen  # Textual loads only when the screen opens

    return ReviewScreen()


@hookimpl
def register_screens(register):
    register(Screen("Review suggestions", open_review,
                    "Accept or reject the codings strategies proposed"))
