"""Render a report's Markdown as Markdown, standalone HTML (markdown-it-py) or terminal text.

A report may hold figures as fenced blocks with the info string ``figure`` whose body is JSON
``{"text": ..., "svg": ...}``: HTML shows the SVG, Markdown and the terminal the text drawing.
Raw HTML in the Markdown is shown as text, never passed on: values from the project reach a report
escaped by `qodex.escape.markdown`, and the figures' SVG is built with `qodex.escape.html`.
"""

from __future__ import annotations

import io
import json
import re

from qodex.escape import fence, html, visible

FORMATS = ("md", "html", "term", "docx")
FIGURE_INFO = "figure"
FIGURE = re.compile(r"^```figure\n(.*?)\n```$", re.MULTILINE | re.DOTALL)
STYLE = """body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#222}table{border-collapse:collapse;margin:1rem 0;display:block;overflow-x:auto}
th,td{border:1px solid #bbb;padding:.25rem .6rem;text-align:left;vertical-align:top}blockquote{color:#444;
border-left:3px solid #0072B2;margin-left:0;padding-left:1rem}figure{margin:1rem 0}
pre{background:#f4f4f4;padding:.5rem;overflow-x:auto}"""


def figure(text: str, svg: str) -> str:
    """A figure block to put in a report's Markdown; `svg` must escape its text with
    `qodex.escape.html`."""
    return "```figure\n" + json.dumps({"text": text, "svg": svg}) + "\n```"


def stamp() -> str:
    """What built a document, and when: a report puts it under its title."""
    from datetime import date

    from qodex import __version__

    return f"Built with qodex {__version__} on {date.today().isoformat()}."


def render(markdown: str, fmt: str, title: str = "Report", width: int = 100,
           colour: bool = False) -> str | bytes:
    """`markdown` as "md", "html" (a standalone page), "term" (text for a terminal) or "docx"
    (the bytes of a Word document)."""
    if fmt == "html":
        return _html(markdown, title)
    if fmt == "docx":
        from qodex.reporting_docx import docx

        return docx(markdown, title)
    text = FIGURE.sub(lambda m: fence(json.loads(m.group(1))["text"], "text"), markdown)
    if fmt == "md":
        return text
    if fmt == "term":
        return _terminal(text, width, colour)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}")


def _html(markdown: str, title: str) -> str:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    default = parser.renderer.rules["fence"]

    def figure_or_code(renderer, tokens, index, options, env):
        token = tokens[index]
        if token.info.strip() == FIGURE_INFO:
            return f"<figure>{json.loads(token.content)['svg']}</figure>\n"
        return default(tokens, index, options, env)

    parser.add_render_rule("fence", figure_or_code)
    return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
            f"{parser.render(markdown)}</body>\n</html>\n")


def _terminal(markdown: str, width: int, colour: bool) -> str:
    from rich.console import Console
    from rich.markdown import Markdown

    out = io.StringIO()
    Console(file=out, width=width, force_terminal=colour, color_system="auto" if colour else None,
            ).print(Markdown(visible(markdown), code_theme="ansi_light"))
    return out.getvalue()
