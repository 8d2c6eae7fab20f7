"""SVG figures of the study report that the analysis charts do not draw: the case × theme heat
map. Every label goes through `qodex.escape.html`."""

from __future__ import annotations

from qodex.escape import html

CELL, LEFT, TOP = 18, 200, 90


def heat(title: str, rows: list[str], columns: list[str], grid: list[list[int]],
         marks: list[list[bool]]) -> str:
    """A grid of cells shaded by value (white to blue); marked cells are outlined orange."""
    width, height = LEFT + CELL * len(columns) + 20, TOP + CELL * len(rows) + 20
    top = max([v for row in grid for v in row] or [0]) or 1
    parts = [f'<text x="{LEFT - 6}" y="{TOP + CELL * i + 13}" text-anchor="end">{html(name[:32])}</text>'
             for i, name in enumerate(rows)]
    parts += [f'<text transform="translate({LEFT + CELL * j + 13},{TOP - 6}) rotate(-60)">'
              f"{html(name[:16])}</text>" for j, name in enumerate(columns)]
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            shade = int(255 - 200 * value / top)
            stroke = "#D55E00" if marks[i][j] else "#ccc"
            parts.append(f'<rect x="{LEFT + CELL * j}" y="{TOP + CELL * i}" width="{CELL - 2}" '
                         f'height="{CELL - 2}" fill="rgb({shade},{shade + (255 - shade) // 3},255)" '
                         f'stroke="{stroke}"><title>{html(rows[i])} × {html(columns[j])}: {value}'
                         "</title></rect>")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" font-family="sans-serif" font-size="11" role="img">'
            f"<title>{html(title)}</title>"
            f'<text x="4" y="16" font-weight="bold">{html(title)}</text>{"".join(parts)}</svg>')
