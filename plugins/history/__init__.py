"""The history screen: who changed what, live, with undo and redo of your own changes."""

from qodex import Screen, hookimpl


def open_history(app):
    from qodex.plugins.history.screen import HistoryScreen  # Textual loads only when the screen opens

    return HistoryScreen()


@hookimpl
def register_screens(register):
    register(Screen("History", open_history,
                    "Who changed what (live); undo and redo your own changes", key="H"))
