"""Every user-facing word, by language: the modules ``sv`` and ``en`` hold the
same keys (a test checks it); this joins them per purpose."""

from typing import Any, Dict

from . import en, sv

LANGUAGES = ("sv", "en")
REPORT: Dict[str, Dict[str, Any]] = {"sv": sv.REPORT, "en": en.REPORT}
SECTIONS: Dict[str, Dict[str, Any]] = {"sv": sv.SECTIONS, "en": en.SECTIONS}
PLOTS: Dict[str, Dict[str, Any]] = {"sv": sv.PLOTS, "en": en.PLOTS}
HEADERS: Dict[str, Dict[str, str]] = {"sv": sv.HEADERS, "en": en.HEADERS}
SHEETS: Dict[str, Dict[str, str]] = {"sv": sv.SHEETS, "en": en.SHEETS}
COMPARISON: Dict[str, Dict[str, Any]] = {"sv": sv.COMPARISON, "en": en.COMPARISON}
SENSITIVITY: Dict[str, Dict[str, Any]] = {"sv": sv.SENSITIVITY, "en": en.SENSITIVITY}
CLI: Dict[str, Dict[str, Any]] = {"sv": sv.CLI, "en": en.CLI}
TEMPLATE: Dict[str, Dict[str, Any]] = {"sv": sv.TEMPLATE, "en": en.TEMPLATE}
