"""What every figures module shares: the chart-builder type and a registry to add to."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go

ChartBuilder = Callable[..., go.Figure]


class Charts(dict[str, tuple[str, ChartBuilder]]):
    """name -> (title, builder) for one figures module; analysis.figures.registry merges them."""

    def register(self, name: str, title: str) -> Callable[[ChartBuilder], ChartBuilder]:
        """Add a builder (df -> Figure) under a stable name."""

        def wrap(fn: ChartBuilder) -> ChartBuilder:
            if name in self:
                raise ValueError(f"chart {name!r} registered twice")
            self[name] = (title, fn)
            return fn

        return wrap
