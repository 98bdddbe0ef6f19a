"""Progress bars for long work (tqdm, the ``progress`` extra). A bar is a
convenience: without tqdm the work runs the same, silently."""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Optional


def progress_bar(total: int, desc: str, unit: str, enabled: bool = True, delay: float = 0.5) -> Any:
    """A tqdm bar (``tqdm.auto``: a widget in notebooks), or None when disabled
    or tqdm is not installed. It appears only for work that lasts longer
    than ``delay`` seconds."""
    if not enabled:
        return None
    try:
        with warnings.catch_warnings():
            # without ipywidgets tqdm.auto falls back to a text bar and says so; the text bar is fine
            warnings.filterwarnings("ignore", message="IProgress not found")
            from tqdm.auto import tqdm
    except ImportError:  # pip install styrkort[progress] shows it
        return None
    return tqdm(total=total, desc=desc, unit=unit, delay=delay, leave=False)


@contextmanager
def engine_progress(total: int, desc: str, enabled: bool = True) -> Iterator[Optional[Callable[[int, int], None]]]:
    """A (done, total) callback for the engine's long loops that moves a bar of
    ``total`` samples (None without a bar); the bar is closed on leaving."""
    bar = progress_bar(total, desc, "sample", enabled)
    if bar is None:
        yield None
        return

    def report(done: int, total: int) -> None:
        bar.update(done - bar.n)

    try:
        yield report
    finally:
        bar.close()
