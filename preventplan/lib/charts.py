"""Charts drawn on the server as SVG, so they look the same in the page, the PDF and print.

Every chart is an image with a text alternative (``role="img"``, a ``<title>``) and is shown
beside a table of the same figures; the table is what screen readers and spreadsheets use. Every
piece of text is escaped here: the result is safe to insert into a template.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from preventplan.lib import scoring

FONT = 'font-family="Arial, Helvetica, sans-serif"'
TEXT = "#0b0c0c"
GRID = "#b1b4b6"


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        *body,
        "</svg>",
    ]
    # Every value above is escaped or a number.
    return mark_safe("".join(parts))  # noqa: S308


def _text(
    x: float, y: float, value: str, size: int = 12, anchor: str = "middle", **extra: str
) -> str:
    extra.setdefault("fill", TEXT)
    attrs = " ".join(f'{k.replace("_", "-")}="{escape(v)}"' for k, v in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" {FONT} font-size="{size}" '
        f'text-anchor="{anchor}" {attrs}>{escape(value)}</text>'
    )


def heat_map(counts: dict[tuple[int, int], int], title: str) -> SafeString:
    """A 5 × 5 likelihood × impact grid; each cell shows how many risks sit there."""
    cell, left, top = 64, 120, 20
    body = []
    for likelihood in scoring.SCALE:
        y = top + (5 - likelihood) * cell
        body.append(
            _text(
                left - 8,
                y + cell / 2 + 4,
                f"{likelihood} {scoring.LIKELIHOOD[likelihood]}",
                11,
                "end",
            )
        )
        for impact in scoring.SCALE:
            x = left + (impact - 1) * cell
            b = scoring.band(scoring.score(likelihood, impact))
            n = counts.get((likelihood, impact), 0)
            body.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{b.colour}" '
                f'stroke="#ffffff" stroke-width="2"/>'
            )
            if n:
                body.append(
                    f'<circle cx="{x + cell / 2}" cy="{y + cell / 2}" r="17" fill="{TEXT}"/>'
                )
                body.append(_text(x + cell / 2, y + cell / 2 + 5, str(n), 15, fill="#ffffff"))
    base = top + 5 * cell
    for impact in scoring.SCALE:
        cx = left + (impact - 1) * cell + cell / 2
        body.append(_text(cx, base + 16, f"{impact} {scoring.IMPACT[impact]}", 10))
    body.append(_text(left + 2.5 * cell, base + 36, "Impact", 12, font_weight="bold"))
    body.append(
        _text(
            14,
            top + 2.5 * cell,
            "Likelihood",
            12,
            font_weight="bold",
            transform=f"rotate(-90 14 {top + 2.5 * cell})",
        )
    )
    return _svg(left + 5 * cell + 10, base + 46, title, body)


@dataclass(frozen=True)
class Segment:
    label: str
    colour: str


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[int]]], segments: Sequence[Segment], title: str
) -> SafeString:
    """One horizontal bar per row, split into segments (for example RAG counts), scaled to the
    row's total so rows of different sizes compare as proportions."""
    bar, gap, left, width = 22, 10, 190, 420
    body = []
    y = 10
    for label, values in rows:
        total = sum(values)
        short = label if len(label) <= 30 else label[:29] + "…"
        body.append(_text(left - 8, y + bar / 2 + 4, short, 12, "end"))
        x = float(left)
        if total == 0:
            body.append(f'<rect x="{left}" y="{y}" width="{width}" height="{bar}" fill="#f3f2f1"/>')
        for value, seg in zip(values, segments, strict=False):
            if not value:
                continue
            w = width * value / total
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{seg.colour}"/>'
            )
            if w >= 22:
                body.append(
                    _text(x + w / 2, y + bar / 2 + 4, str(value), 11, fill=_ink(seg.colour))
                )
            x += w
        y += bar + gap
    # Legend, on as many lines as its labels need (longer in Welsh) within the chart's width
    lx, right = left, left + width + 20
    for seg in segments:
        step = 16 + 7 * len(seg.label) + 14
        if lx > left and lx + step - 14 > right:
            lx, y = left, y + 20
        body.append(f'<rect x="{lx}" y="{y + 4}" width="12" height="12" fill="{seg.colour}"/>')
        body.append(_text(lx + 16, y + 14, seg.label, 11, "start"))
        lx += step
    return _svg(right, y + 24, title, body)


def line_chart(
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    title: str,
    maximum: float | None = None,
    suffix: str = "",
    levels: Sequence[int] | None = None,
    overlay: int | None = None,
) -> SafeString:
    """Lines over time: ``series`` is (name, colour, values), one value per label.

    ``None`` is a value not known (no return, nothing recorded): the line breaks there, with no
    point, so a missing value is never drawn as 0. A value alone between gaps is drawn as a dot.
    ``levels`` are the steps of an ordinal scale (tension levels 1 to 6): the axis shows them
    and only them, from the first to the last, instead of running from 0 to ``maximum``.
    ``overlay`` is the position of a series drawn over the others and dashed (a force's level over
    its BCUs'), so that neither it nor a line it coincides with is hidden."""
    left, top, width, height = 48, 12, 520, 180
    known = [v for _, _, vs in series for v in vs if v is not None]
    if levels:
        low, peak = float(min(levels)), float(max(levels))
        ticks = [float(v) for v in levels]
    else:
        low, peak = 0.0, float(maximum or max([*known, 1]))
        ticks = [peak * i / 4 for i in range(5)]
    span = (peak - low) or 1.0

    def y_of(value: float) -> float:
        return top + height - height * (value - low) / span

    body = []
    for value in ticks:
        y = y_of(value)
        body.append(
            f'<line x1="{left}" x2="{left + width}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 6, y + 4, f"{value:.0f}{suffix}", 10, "end"))
    step = width / max(len(labels) - 1, 1)
    for i, label in enumerate(labels):
        if len(labels) <= 12 or i % max(len(labels) // 12, 1) == 0:
            body.append(_text(left + i * step, top + height + 16, label, 10))
    order = [i for i in range(len(series)) if i != overlay]
    order += [overlay] if overlay is not None else []
    for index in order:
        _name, colour, values = series[index]
        dash = ' stroke-dasharray="8 5"' if index == overlay else ""
        for run in _runs(values):
            points = [f"{left + i * step:.1f},{y_of(v):.1f}" for i, v in run]
            if len(run) == 1:
                ((i, v),) = run
                body.append(
                    f'<circle cx="{left + i * step:.1f}" cy="{y_of(v):.1f}" r="4" fill="{colour}"/>'
                )
            else:
                body.append(
                    f'<polyline points="{" ".join(points)}" fill="none" stroke="{colour}" '
                    f'stroke-width="3"{dash}/>'
                )
    lx = left
    for index, (name, colour, _) in enumerate(series):
        if index == overlay:  # a dashed line, as drawn
            body.append(
                f'<line x1="{lx}" x2="{lx + 12}" y1="{top + height + 34}" y2="{top + height + 34}" '
                f'stroke="{colour}" stroke-width="3" stroke-dasharray="4 2"/>'
            )
        else:
            body.append(
                f'<rect x="{lx}" y="{top + height + 28}" width="12" height="12" fill="{colour}"/>'
            )
        body.append(_text(lx + 16, top + height + 38, name, 11, "start"))
        lx += 16 + 7 * len(name) + 14
    return _svg(left + width + 40, top + height + 48, title, body)


def _runs(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """The unbroken stretches of known values, each as (position, value) pairs."""
    runs: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for i, value in enumerate(values):
        if value is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append((i, float(value)))
    if current:
        runs.append(current)
    return runs


def _ink(fill: str) -> str:
    """White text on dark fills, black on light ones."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    return "#ffffff" if (0.299 * r + 0.587 * g + 0.114 * b) < 150 else TEXT
