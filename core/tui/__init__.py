"""The coding workbench: a keyboard-first Textual TUI over the project API.

Only ``qodex open`` imports this package; nothing else in qodex may, so the CLI stays fast.
Plugin screens build on what it exports: `QodexScreen`, `bind`, `fill_table`, `fill_options`,
`one_line`, `plain` and `Prompt` (see docs/plugins.md).
"""

from qodex.tui.app import QodexApp
from qodex.tui.screens.base import QodexScreen, bind, fill_options, fill_table, one_line, plain
from qodex.tui.screens.prompt import Prompt

__all__ = ["Prompt", "QodexApp", "QodexScreen", "bind", "fill_options", "fill_table", "one_line",
           "plain"]
