"""Optional dependencies (the extras), imported only when a feature needs them."""

from __future__ import annotations

import importlib
from typing import Any


def require(module: str, feature: str, extra: str) -> Any:
    """Import ``module`` or raise an ImportError that names the extra to install."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        package = module.split(".")[0]
        raise ImportError(
            f"{feature} needs {package}, which is not installed; install it with: pip install styrkort[{extra}]"
        ) from e
