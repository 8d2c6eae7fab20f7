"""TUI screens of the analysis plugin, each in its own module, loaded when first opened; opened
from the command palette ("Open Matrix", "Open Disagreements")."""

from qodex import Screen, hookimpl


def open_matrix(app):
    from qodex.plugins.analysis.screens.matrix import MatrixScreen

    return MatrixScreen()


def open_disagreements(app):
    from qodex.plugins.analysis.screens.disagreements import DisagreementsScreen

    return DisagreementsScreen()


@hookimpl
def register_screens(register):
    register(Screen("Matrix", open_matrix, "Codes by case, source or attribute; enter opens the "
                    "passages behind a number"))
    register(Screen("Disagreements", open_disagreements, "Where coders disagree; enter opens the "
                    "passage to discuss"))
