"""The board report as PDF, printed by a headless Chromium-based browser.

The report is one self-contained HTML document with print styles (A4, see
``style.css``); the browser prints it exactly as a board member's "Print to
PDF" would, so there is no second layout to keep in step. The browser is an
outside program: found through ``STYRKORT_CHROMIUM`` (a path) or on ``PATH``;
when there is none the error names what to install. The browser runs with a
throw-away profile, the HTML from a temporary folder and a time limit, and the
PDF is moved into place only when it was written whole.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from .._io import replacing
from ..errors import ArgumentError, Error

#: The environment variable naming the browser's executable.
BROWSER_VARIABLE = "STYRKORT_CHROMIUM"
#: Executables tried on PATH, in order (Debian, other Linux, Chrome, Edge).
BROWSER_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "msedge",
)
INSTALL = (
    "install Chromium (Debian/Ubuntu: apt-get install chromium; other systems: Google Chrome or "
    f"Microsoft Edge) or set {BROWSER_VARIABLE} to the browser's executable; "
    "or write the report as .html and print it to PDF from a browser"
)
#: Seconds a print may take before it is stopped.
TIMEOUT = 120


def find_browser() -> str:
    """The executable of a Chromium-based browser.

    Returns
    -------
    str
        ``$STYRKORT_CHROMIUM`` when set, else the first of
        :data:`BROWSER_NAMES` on ``PATH``.

    Raises
    ------
    ArgumentError
        When the variable names no executable file, or none is on ``PATH``;
        the message says what to install.
    """
    given = os.environ.get(BROWSER_VARIABLE)
    if given:
        found = shutil.which(given)
        if found is None:
            raise ArgumentError(f"{BROWSER_VARIABLE}={given}: not an executable file; {INSTALL}")
        return found
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ArgumentError(f"a PDF is printed by headless Chromium, and none was found on PATH; {INSTALL}")


def write_pdf(html: str, path: Path, *, browser: Optional[str] = None, timeout: float = TIMEOUT) -> Path:
    """Print an HTML document to a PDF file at ``path``.

    Parameters
    ----------
    html : str
        A self-contained document (no network requests are made for it).
    path : Path
        The PDF to write; replaced only when the new one was written whole.
    browser : str, optional
        The browser's executable (default :func:`find_browser`).
    timeout : float
        Seconds before the print is stopped.

    Raises
    ------
    ArgumentError
        When no browser is found.
    Error
        When the browser fails or takes longer than ``timeout``; the message
        carries the end of its output.
    """
    exe = browser or find_browser()
    with tempfile.TemporaryDirectory(prefix="styrkort-pdf-") as tmp:
        folder = Path(tmp)
        source, printed = folder / "report.html", folder / "report.pdf"
        source.write_text(html, encoding="utf-8")
        command = [
            exe,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            f"--user-data-dir={folder / 'profile'}",
            "--no-pdf-header-footer",  # newer Chromium
            "--print-to-pdf-no-header",  # older Chromium
            f"--print-to-pdf={printed}",
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
        command.append(source.as_uri())
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise Error(f"{path}: {exe} did not print the report within {timeout:g} s") from None
        except OSError as e:
            raise Error(f"{path}: could not start {exe}: {e.strerror or e}") from None
        if not printed.is_file() or printed.stat().st_size == 0 or not printed.read_bytes().startswith(b"%PDF"):
            tail = (run.stderr or run.stdout or "").strip().splitlines()[-3:]
            raise Error(
                f"{path}: {exe} wrote no PDF (exit status {run.returncode})" + (": " + " | ".join(tail) if tail else "")
            )
        with replacing(path) as partial:
            shutil.copyfile(printed, partial)
    return path
