"""The board report (:func:`render_report`, :func:`write_report`), and
:func:`build`: what ``styrkort report`` and ``styrkort excel`` compute, in one call.

A presentation package: it imports the models, never the reverse. The palette
and the words it shares with the plots and Excel live in ``styrkort._display``;
they are re-exported here for code that read them from ``styrkort.report``.
"""

from .._display.html import html_table
from .._display.palette import (
    ACTIVITY_COLOURS,
    ACTIVITY_ORDER,
    ARROWS,
    DASH,
    EXTERNAL_COLOUR,
    KIND_ORDER,
    OWN_COLOUR,
    STATUS_COLOURS,
    STATUS_ORDER,
    SUMMARY_GROUPS,
)
from .._display.words import REPORT as LABELS
from ._build import FollowUpResults, build
from ._document import render_report, write_report

__all__ = [
    "build",
    "FollowUpResults",
    "html_table",
    "render_report",
    "write_report",
    "LABELS",
    "ACTIVITY_COLOURS",
    "ACTIVITY_ORDER",
    "ARROWS",
    "DASH",
    "EXTERNAL_COLOUR",
    "KIND_ORDER",
    "OWN_COLOUR",
    "STATUS_COLOURS",
    "STATUS_ORDER",
    "SUMMARY_GROUPS",
]
