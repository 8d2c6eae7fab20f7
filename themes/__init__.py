"""The built-in TUI themes and code palettes, one YAML file each (installed as `qodex.themes`)."""
