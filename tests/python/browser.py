"""A small Chrome DevTools Protocol client for the browser tests of the report.

Chromium is started headless with ``--remote-debugging-pipe``: it reads
commands from file descriptor 3 and writes answers and events to file
descriptor 4, each message one JSON object ended by a NUL byte. One
connection talks to the whole browser; a page (tab) is reached through a
*flat* session (``Target.attachToTarget`` with ``flatten``), whose id is put
on every message for that page.

Everything that waits has a deadline: when the browser does not answer in
time, its whole process group is killed and :class:`BrowserError` is raised,
so a stuck browser fails a test instead of hanging it. No third-party
package is needed: the pipes, ``select`` and ``subprocess`` of the standard
library are enough.
"""

from __future__ import annotations

import base64
import json
import os
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence

# What a test prints when the browser is missing: the browser tests fail rather
# than skip (the project forbids passing off skipped tests).
INSTALL_HINT = (
    "headless Chromium is needed for the browser tests of the report: run tests/run.sh "
    "(it installs Debian's chromium package) or `apt-get install chromium`"
)

# A4 in inches, the unit of Page.printToPDF.
A4_INCHES = (8.27, 11.69)


class BrowserError(RuntimeError):
    """The browser could not be started, did not answer in time, or answered with an error."""


def find_chromium() -> str:
    """The path of the Chromium executable on PATH.

    Raises
    ------
    BrowserError
        When no ``chromium`` (Debian) or ``chromium-browser`` is on PATH; the
        message says how to install it.
    """
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    raise BrowserError(f"no chromium on PATH; {INSTALL_HINT}")


class Chromium:
    """A headless Chromium driven over the DevTools pipe.

    Parameters
    ----------
    profile : Path
        An empty directory for the browser's profile (``--user-data-dir``)
        and its log; a test's ``tmp_path`` keeps it away from the user's own.
    executable : str, optional
        The browser; default :func:`find_chromium`.
    timeout : float
        Default seconds to wait for any single answer.
    window : (int, int)
        The viewport's width and height in CSS pixels.

    Notes
    -----
    Use as a context manager, or call :meth:`close`: the browser is closed
    politely (``Browser.close``) and, failing that, killed.
    """

    def __init__(
        self,
        profile: Path,
        *,
        executable: Optional[str] = None,
        timeout: float = 15.0,
        window: Sequence[int] = (1280, 900),
    ) -> None:
        self.timeout = timeout
        self.profile = Path(profile)
        self.profile.mkdir(parents=True, exist_ok=True)
        self.log_path = self.profile / "chromium.log"
        self._next_id = 0
        self._buffer = b""
        self._answers: Dict[int, dict] = {}
        self.events: List[dict] = []
        self._handlers: List[Callable[[dict], None]] = []
        self._proc: Optional[subprocess.Popen] = None

        exe = executable or find_chromium()
        args = [
            exe,
            "--headless",
            "--remote-debugging-pipe",
            f"--user-data-dir={self.profile / 'profile'}",
            f"--window-size={int(window[0])},{int(window[1])}",
            # nothing leaves the machine: no DNS, no background services
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-breakpad",
            "--mute-audio",
            # containers have a small /dev/shm; headless has no GPU to use
            "--disable-dev-shm-usage",
            "--disable-gpu",
            "--hide-scrollbars",
            "--force-color-profile=srgb",
            "about:blank",
        ]
        if os.geteuid() == 0:
            args.insert(1, "--no-sandbox")  # Chromium refuses to run its sandbox as root

        # to_browser: we write, Chromium reads on fd 3; from_browser: Chromium writes on fd 4
        to_read, self._to_browser = os.pipe()
        self._from_browser, from_write = os.pipe()
        child_fds = (to_read, from_write)

        def move_pipes_to_3_and_4() -> None:
            # Runs in the child between fork and exec, before subprocess closes every
            # descriptor not in pass_fds (hence pass_fds=(3, 4)). dup first to numbers
            # above 4 so that dup2 cannot clobber the other pipe end.
            high = [os.dup(fd) for fd in child_fds]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        log = open(self.log_path, "wb")
        try:
            self._proc = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                pass_fds=(3, 4),
                preexec_fn=move_pipes_to_3_and_4,
                start_new_session=True,
            )  # its own group: kill it and its children
        except OSError as e:
            self._close_pipes()
            raise BrowserError(f"cannot start {exe}: {e}; {INSTALL_HINT}") from None
        finally:
            log.close()
            os.close(to_read)
            os.close(from_write)
        try:
            self.version = self.call("Browser.getVersion", timeout=max(timeout, 30.0))
        except BrowserError:
            self.close()
            raise

    # -- the pipe -------------------------------------------------------------------
    def send(self, method: str, params: Optional[dict] = None, *, session: Optional[str] = None) -> int:
        """Send one command without waiting for its answer; return its id."""
        self._alive()
        self._next_id += 1
        msg: Dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            msg["sessionId"] = session
        data = json.dumps(msg).encode("utf-8") + b"\0"
        deadline = time.monotonic() + self.timeout
        while data:
            _, writable, _ = select.select([], [self._to_browser], [], self._left(deadline, method))
            if not writable:
                continue
            try:
                n = os.write(self._to_browser, data)
            except BrokenPipeError:
                self._fail(f"{method}: the browser closed its pipe")
            data = data[n:]
        return self._next_id

    def call(
        self,
        method: str,
        params: Optional[dict] = None,
        *,
        session: Optional[str] = None,
        timeout: Optional[float] = None,
    ) -> dict:
        """Send a command and return its result; events arriving meanwhile are kept and handled.

        Raises
        ------
        BrowserError
            When the browser answers with an error, or not within ``timeout``
            seconds (the browser is then killed).
        """
        msg_id = self.send(method, params, session=session)
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        while msg_id not in self._answers:
            self._read(deadline, method)
        answer = self._answers.pop(msg_id)
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error'].get('message')} ({answer['error']})")
        return answer.get("result", {})

    def wait_for(
        self, predicate: Callable[[dict], bool], what: str, timeout: Optional[float] = None, since: int = 0
    ) -> dict:
        """The first event (from index ``since`` of :attr:`events`) for which ``predicate`` holds."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        seen = since
        while True:
            for ev in self.events[seen:]:
                if predicate(ev):
                    return ev
            seen = len(self.events)
            self._read(deadline, what)

    def on_event(self, handler: Callable[[dict], None]) -> None:
        """Call ``handler(event)`` for every event as it arrives (it may :meth:`send`, not :meth:`call`)."""
        self._handlers.append(handler)

    def _read(self, deadline: float, what: str) -> None:
        """Read what the browser has sent (waiting until ``deadline``) and file it."""
        readable, _, _ = select.select([self._from_browser], [], [], self._left(deadline, what))
        if not readable:
            return
        chunk = os.read(self._from_browser, 1 << 20)
        if not chunk:
            self._fail(f"{what}: the browser closed its pipe (exit status {self._proc.poll()})")
        self._buffer += chunk
        *messages, self._buffer = self._buffer.split(b"\0")
        for raw in messages:
            msg = json.loads(raw)
            if "id" in msg:
                self._answers[msg["id"]] = msg
            else:
                self.events.append(msg)
                for handler in self._handlers:
                    handler(msg)

    def _left(self, deadline: float, what: str) -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            self._fail(f"{what}: no answer from the browser in time")
        return left

    def _alive(self) -> None:
        if self._proc is None or self._proc.poll() is not None:
            raise BrowserError(f"the browser is not running; its log: {self.log_tail()}")

    def _fail(self, message: str) -> None:
        self.kill()
        raise BrowserError(f"{message}; the browser was stopped. Its log: {self.log_tail()}")

    def log_tail(self, n: int = 2000) -> str:
        """The end of the browser's own log (stdout and stderr)."""
        try:
            return self.log_path.read_text(errors="replace")[-n:].strip() or "(empty)"
        except OSError:
            return "(no log)"

    # -- pages ----------------------------------------------------------------------
    def new_page(self) -> "Page":
        """A new tab at about:blank with a flat session attached."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        return Page(self, target, session)

    # -- ending -----------------------------------------------------------------------
    def kill(self) -> None:
        """Kill the browser's process group (the browser and its helpers) and close the pipes."""
        if self._proc is not None:
            if self._proc.poll() is None:
                try:
                    os.killpg(self._proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover - a zombie the kernel will reap
                pass
        self._close_pipes()

    def close(self) -> None:
        """Ask the browser to close; kill it if it does not within a few seconds."""
        if self._proc is not None and self._proc.poll() is None:
            try:
                self.send("Browser.close")
                self._proc.wait(timeout=5)
            except (BrowserError, subprocess.TimeoutExpired, OSError):
                pass
            # the helpers (renderer, zygote) of a browser that has gone are ended too
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.kill()

    def _close_pipes(self) -> None:
        for name in ("_to_browser", "_from_browser"):
            fd = getattr(self, name, None)
            if fd is not None:
                try:
                    os.close(fd)
                except OSError:
                    pass
                setattr(self, name, None)

    def __enter__(self) -> "Chromium":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class Page:
    """One tab of a :class:`Chromium`, with what it logged and requested.

    Attributes
    ----------
    console : list of dict
        ``Runtime.consoleAPICalled`` events (``type``, ``args``).
    exceptions : list of dict
        ``Runtime.exceptionThrown`` events' ``exceptionDetails``.
    log : list of dict
        ``Log.entryAdded`` entries (``level``, ``source``, ``text``, ``url``).
    requests : list of str
        The URL of every request the page started (``Network.requestWillBeSent``,
        which is sent for ``file:`` URLs too, and before any interception).
    blocked : list of str
        Requests intercepted (``Fetch.requestPaused``) and failed because they
        were not for the URL opened.
    """

    def __init__(self, browser: Chromium, target: str, session: str) -> None:
        self.browser, self.target, self.session = browser, target, session
        self.console: List[dict] = []
        self.exceptions: List[dict] = []
        self.log: List[dict] = []
        self.requests: List[str] = []
        self.blocked: List[str] = []
        self.allowed: set = set()
        browser.on_event(self._on_event)

    def call(self, method: str, params: Optional[dict] = None, timeout: Optional[float] = None) -> dict:
        return self.browser.call(method, params, session=self.session, timeout=timeout)

    def _on_event(self, ev: dict) -> None:
        if ev.get("sessionId") != self.session:
            return
        method, params = ev["method"], ev.get("params", {})
        if method == "Runtime.consoleAPICalled":
            self.console.append(params)
        elif method == "Runtime.exceptionThrown":
            self.exceptions.append(params.get("exceptionDetails", params))
        elif method == "Log.entryAdded":
            self.log.append(params["entry"])
        elif method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        elif method == "Fetch.requestPaused":
            url = params["request"]["url"]
            if url in self.allowed:
                self.browser.send("Fetch.continueRequest", {"requestId": params["requestId"]}, session=self.session)
            else:
                self.blocked.append(url)
                self.browser.send(
                    "Fetch.failRequest",
                    {"requestId": params["requestId"], "errorReason": "BlockedByClient"},
                    session=self.session,
                )

    def open(self, url: str, timeout: Optional[float] = None) -> None:
        """Navigate to ``url`` and wait for its load event; every other request is blocked and recorded.

        Console, exception, log and request recording start before the
        navigation, so nothing the page does on load is missed.
        """
        self.allowed.add(url)
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable")
        self.call("Fetch.enable", {"patterns": [{"urlPattern": "*", "requestStage": "Request"}]})
        since = len(self.browser.events)
        nav = self.call("Page.navigate", {"url": url}, timeout=timeout)
        if nav.get("errorText"):
            raise BrowserError(f"cannot open {url}: {nav['errorText']}")
        self.browser.wait_for(
            lambda e: e.get("sessionId") == self.session and e["method"] == "Page.loadEventFired",
            f"load event of {url}",
            timeout=timeout,
            since=since,
        )

    def evaluate(self, expression: str, timeout: Optional[float] = None) -> Any:
        """The value of a JavaScript expression in the page (returned by value, promises awaited).

        Raises
        ------
        BrowserError
            When the expression throws.
        """
        r = self.call(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True}, timeout=timeout
        )
        if "exceptionDetails" in r:
            d = r["exceptionDetails"]
            raise BrowserError(f"the page's JavaScript failed: {d.get('exception', {}).get('description') or d}")
        return r["result"].get("value")

    def errors(self) -> List[str]:
        """Console errors and warnings, uncaught exceptions and error log entries, one line each."""
        out = []
        for c in self.console:
            if c.get("type") in ("error", "warning", "assert"):
                words = [str(a.get("value", a.get("description", ""))) for a in c.get("args", [])]
                out.append(f"console.{c['type']}: {' '.join(words)}")
        for d in self.exceptions:
            out.append(f"uncaught: {d.get('exception', {}).get('description') or d.get('text')}")
        for e in self.log:
            if e.get("level") in ("error", "warning"):
                out.append(f"log {e['level']} ({e.get('source')}): {e.get('text')} {e.get('url', '')}".rstrip())
        return out

    def screenshot(self, full_page: bool = True) -> bytes:
        """A PNG of the page (the whole scrollable page by default)."""
        params: Dict[str, Any] = {"format": "png"}
        if full_page:
            size = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params.update(
                captureBeyondViewport=True,
                clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
            )
        return base64.b64decode(self.call("Page.captureScreenshot", params, timeout=60)["data"])

    def print_pdf(self, paper: Sequence[float] = A4_INCHES, **options: Any) -> bytes:
        """The page printed to PDF on ``paper`` (width, height in inches; A4 by default)."""
        params = {"paperWidth": paper[0], "paperHeight": paper[1], "printBackground": True, **options}
        return base64.b64decode(self.call("Page.printToPDF", params, timeout=60)["data"])

    def close(self) -> None:
        """Close the tab (quietly if the browser has gone)."""
        if self._on_event in self.browser._handlers:
            self.browser._handlers.remove(self._on_event)
        try:
            self.browser.call("Target.closeTarget", {"targetId": self.target})
        except BrowserError:
            pass
