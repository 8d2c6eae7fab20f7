"""The coding workbench: a keyboard-first Textual TUI over the project API.

Only ``qodex open`` imports this package; nothing else in qodex may, so the CLI stays fast.
"""

from qodex.tui.app import QodexApp

__all__ = ["QodexApp"]
