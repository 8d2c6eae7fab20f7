"""Built-in coding strategies: each proposes codings as suggestions for a coder to review."""
