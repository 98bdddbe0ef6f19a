"""The palette and the orders the displays share: status, activity and fund
colours (background, text), the order of statuses, kinds and activity states,
the trend arrows. The status word is always written beside a colour."""

from typing import Dict, Tuple

DASH = "–"

# -- colours ------------------------------------------------------------------
# (background, text) per status; the status word is always written as well.
STATUS_COLOURS: Dict[str, Tuple[str, str]] = {
    "green": ("#2e7d32", "#ffffff"),
    "yellow": ("#f4c430", "#1a1a1a"),
    "orange": ("#ef8a17", "#1a1a1a"),
    "red": ("#c62828", "#ffffff"),
    "not_assessable": ("#6e6e6e", "#ffffff"),
    "not_applicable": ("#ececec", "#444444"),
}
ACTIVITY_COLOURS: Dict[str, Tuple[str, str]] = {
    "not_started": ("#e6e6e6", "#333333"),
    "started": ("#3f7fbf", "#ffffff"),
    "completed": ("#2e7d32", "#ffffff"),
    "delayed": ("#ef8a17", "#1a1a1a"),
    "cancelled": ("#6e6e6e", "#ffffff"),
}
STATUS_ORDER = ["green", "yellow", "orange", "red", "not_assessable", "not_applicable"]
ACTIVITY_ORDER = ["not_started", "started", "completed", "delayed", "cancelled"]
SUMMARY_GROUPS = [
    ("fulfilled", "green"),
    ("partly", "yellow"),
    ("not_fulfilled", "red"),
    ("not_assessable", "not_assessable"),
]
KIND_ORDER = ["vision", "goal", "direction", "focus_area", "sub_goal", "activity", "indicator"]
ARROWS = {"on_track": "↑", "moderately_improving": "➚", "stagnating": "→", "decreasing": "↓", "not_assessable": DASH}

# own money and external funding (the allocation, the funds)
OWN_COLOUR, EXTERNAL_COLOUR = "#1f4e79", "#8db9e0"
# grant statuses in the same palette: granted like fulfilled, rejected like not fulfilled
FUND_COLOURS: Dict[str, Tuple[str, str]] = {
    "granted": STATUS_COLOURS["green"],
    "applied": ACTIVITY_COLOURS["started"],
    "rejected": STATUS_COLOURS["red"],
    "closed": ACTIVITY_COLOURS["cancelled"],
}
