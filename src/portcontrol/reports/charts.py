"""Bar charts drawn on the server as inline SVG: no chart library, nothing to fetch, prints well.

The functions here only measure: they turn figures into rectangles and text positions, and the
templates ``reports/_bars.html`` and ``reports/_columns.html`` write the SVG. Each bar is a link
to the records it counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from portcontrol.reports.figures import Figure

BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 230
BAR_AREA = 260
VALUE_WIDTH = 50

COLUMN_AREA_HEIGHT = 140
COLUMN_MAX_WIDTH = 48
COLUMN_GAP = 4
AXIS_LABEL_HEIGHT = 34
TOP_MARGIN = 16
# Room a month label ("2026-03") needs below the axis: closer columns label every n-th month.
LABEL_ROOM = 52


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its figure and where it is drawn."""

    figure: Figure
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    show_label: bool = True


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart's bars and the size of its drawing."""

    bars: tuple[Bar, ...]
    width: int
    height: int
    title: str

    @property
    def is_empty(self) -> bool:
        return not self.bars


def bars(figures: Sequence[Figure], title: str = "") -> Chart:
    """Horizontal bars, one line per figure, labels on the left: for categories.

    >>> chart = bars([Figure("Drugs", 4), Figure("Tobacco", 2)])
    >>> [bar.width for bar in chart.bars], chart.height
    ([260.0, 130.0], 48)
    """
    largest = max((figure.value for figure in figures), default=0) or 1
    drawn = []
    for index, figure in enumerate(figures):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = BAR_AREA * figure.value / largest
        drawn.append(
            Bar(
                figure,
                x=LABEL_WIDTH,
                y=y,
                width=round(width, 1),
                height=BAR_HEIGHT,
                label_x=LABEL_WIDTH - 6,
                label_y=y + BAR_HEIGHT - 5,
                value_x=LABEL_WIDTH + width + 4,
                value_y=y + BAR_HEIGHT - 5,
            )
        )
    height = len(figures) * (BAR_HEIGHT + BAR_GAP)
    return Chart(tuple(drawn), LABEL_WIDTH + BAR_AREA + VALUE_WIDTH, height, title)


def columns(figures: Sequence[Figure], title: str = "") -> Chart:
    """Vertical columns, one per month, labels below: for a series over time.

    >>> chart = columns([Figure("2025-01", 1), Figure("2025-02", 3)])
    >>> [(bar.height, bar.y) for bar in chart.bars]
    [(46.7, 109.3), (140.0, 16.0)]
    """
    largest = max((figure.value for figure in figures), default=0) or 1
    width = min(COLUMN_MAX_WIDTH, max(8, 720 // max(1, len(figures))))
    every = max(1, -(-LABEL_ROOM // (width + COLUMN_GAP)))
    drawn = []
    for index, figure in enumerate(figures):
        height = round(COLUMN_AREA_HEIGHT * figure.value / largest, 1)
        x = index * (width + COLUMN_GAP)
        y = round(TOP_MARGIN + COLUMN_AREA_HEIGHT - height, 1)
        drawn.append(
            Bar(
                figure,
                x=x,
                y=y,
                width=width,
                height=height,
                label_x=x + width / 2,
                label_y=TOP_MARGIN + COLUMN_AREA_HEIGHT + 14,
                value_x=x + width / 2,
                value_y=y - 3,
                show_label=index % every == 0,
            )
        )
    chart_width = max(1, len(figures)) * (width + COLUMN_GAP)
    return Chart(
        tuple(drawn), chart_width, TOP_MARGIN + COLUMN_AREA_HEIGHT + AXIS_LABEL_HEIGHT, title
    )
