"""Widgets of the coding workbench."""
