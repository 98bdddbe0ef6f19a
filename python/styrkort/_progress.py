"""Progress bars for long work (tqdm, the ``progress`` extra). A bar is a
convenience: without tqdm the work runs the same, silently."""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from typing import Any, Callable, Iterator


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


def _poll(done: int, total: int) -> None:
    """The callback without a bar. The engine calls it a few times a second
    with the interpreter lock taken; running it lets Python handle a pending
    signal, so Ctrl-C raises KeyboardInterrupt here and stops the work."""


@contextmanager
def engine_progress(total: int, desc: str, enabled: bool = True) -> Iterator[Callable[[int, int], None]]:
    """A (done, total) callback for the engine's long loops that moves a bar of
    ``total`` samples; the bar is closed on leaving. Without a bar (disabled,
    or tqdm not installed) the callback does nothing but still lets an
    interrupt stop the work: Ctrl-C works the same with and without a bar."""
    bar = progress_bar(total, desc, "sample", enabled)
    if bar is None:
        yield _poll
        return

    def report(done: int, total: int) -> None:
        bar.update(done - bar.n)

    try:
        yield report
    finally:
        bar.close()
