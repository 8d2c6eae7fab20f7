"""Charts drawn twice: as text with plotext (terminal, Markdown) and as SVG (HTML reports)."""

from __future__ import annotations

from dataclasses import dataclass

from qodex.escape import html as escape

COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")  # Okabe-Ito, colour-blind safe


@dataclass(frozen=True)
class Chart:
    """Lines over numbered x values, or horizontal bars over labels (`kind` "line" or "bar")."""

    kind: str
    title: str
    labels: list[str]
    series: dict[str, list[float]]
    xlabel: str = ""


def saturation_chart(steps) -> Chart:
    """New and cumulative codes per interview."""
    return Chart("line", "Codes per interview", [str(s.position) for s in steps],
                 {"cumulative codes": [s.cumulative for s in steps],
                  "new codes": [s.new for s in steps]}, "interview")


def frequency_chart(frequencies: list[dict], limit: int = 20) -> Chart:
    """The most used codes by the number of interviews using them."""
    top = frequencies[:limit]
    return Chart("bar", "Interviews using each code", [f["code"].rsplit("/", 1)[-1] for f in top],
                 {"interviews": [f["interviews"] for f in top]})


def text(chart: Chart, width: int = 78, height: int = 18) -> str:
    """The chart as plain text (no colours), drawn by plotext."""
    import plotext as plt

    plt.clear_figure()
    plt.theme("clear")
    if chart.kind == "bar":
        labels = [label[-30:] for label in reversed(chart.labels)]
        values = list(reversed(next(iter(chart.series.values()))))
        plt.plotsize(width, max(6, 2 * len(labels) + 4))
        plt.bar(labels, values, orientation="h", width=0.4)
    else:
        plt.plotsize(width, height)
        xs = list(range(1, len(chart.labels) + 1))
        for name, values in chart.series.items():
            plt.plot(xs, values, label=name, marker="braille")
        plt.xlabel(chart.xlabel)
    plt.title(chart.title)
    return plt.uncolorize(plt.build()).rstrip()


def svg(chart: Chart, width: int = 640) -> str:
    """The chart as a standalone SVG element."""
    return _bars(chart, width) if chart.kind == "bar" else _lines(chart, width)


def _lines(chart: Chart, width: int, height: int = 300) -> str:
    left, right, top, bottom = 40, 150, 30, 40
    count = max(len(chart.labels), 2)
    peak = max((v for values in chart.series.values() for v in values), default=1) or 1
    x = lambda i: left + i * (width - left - right) / (count - 1)  # noqa: E731
    y = lambda v: top + (height - top - bottom) * (1 - v / peak)  # noqa: E731
    parts = [_axis(left, top, width - right, height - bottom),
             f'<text x="{left}" y="{top - 10}">{peak:g}</text>',
             f'<text x="{(width - right) / 2}" y="{height - 5}">{escape(chart.xlabel)}</text>']
    for i, label in enumerate(chart.labels):
        parts.append(f'<text x="{x(i):.1f}" y="{height - bottom + 15}" text-anchor="middle">'
                     f"{escape(label)}</text>")
    for n, (name, values) in enumerate(chart.series.items()):
        colour = COLOURS[n % len(COLOURS)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>')
        parts.append(f'<text x="{width - right + 10}" y="{top + 20 * n + 10}" fill="{colour}">'
                     f"{escape(name)}</text>")
    return _frame(chart.title, width, height, parts)


def _bars(chart: Chart, width: int) -> str:
    values = next(iter(chart.series.values()), [])
    row, label_width, top = 20, 260, 30
    height = top + row * len(values) + 10
    peak = max(values, default=1) or 1
    scale = (width - label_width - 40) / peak
    parts = []
    for i, (label, value) in enumerate(zip(chart.labels, values, strict=True)):
        y = top + i * row
        parts.append(f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">{escape(label)}</text>'
                     f'<rect x="{label_width}" y="{y + 3}" width="{value * scale:.1f}" height="{row - 6}"'
                     f' fill="{COLOURS[0]}"/><text x="{label_width + value * scale + 4:.1f}"'
                     f' y="{y + 14}">{value:g}</text>')
    return _frame(chart.title, width, height, parts)


def _axis(x0: float, y0: float, x1: float, y1: float) -> str:
    return f'<path d="M{x0},{y0} V{y1} H{x1}" fill="none" stroke="#444"/>'


def _frame(title: str, width: int, height: int, parts: list[str]) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}"'
            f' height="{height}" font-family="sans-serif" font-size="11" role="img">'
            f"<title>{escape(title)}</title>"
            f'<text x="{width / 2}" y="16" text-anchor="middle" font-weight="bold">{escape(title)}'
            f"</text>{''.join(parts)}</svg>")
