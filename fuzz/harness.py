"""What every fuzz harness of fuzz/ shares: the instrumented import, one input
file per process, and the rule every loader keeps.

The rule: every exception that escapes a loader is a ``styrkort.Error`` (bad
input, with the place and the rule broken) or an ``OSError`` (the file system).
:func:`check` runs one loader call and lets anything else through, so atheris
reports it as a finding (a crash file with the input that raised it).

A harness is a small script::

    from harness import check, fuzz, instrumented

    sk = instrumented("styrkort")
    fuzz(lambda data, path: check(sk.load_funds, path), suffix=".csv")

Run it with libFuzzer's flags (``python fuzz/fuzz_funds.py corpus/ -max_total_time=60``);
``fuzz/run.sh`` runs them all on their seed corpora.
"""

from __future__ import annotations

import atexit
import importlib
import io
import os
import random
import sys
import tempfile
import warnings
import zipfile
from types import ModuleType
from typing import Any, Callable, Dict, List, Optional, Tuple

import atheris

# pandas and numpy are imported before the instrumented block: their own code
# is not what we fuzz, and instrumenting it would only slow every run down.
import numpy  # noqa: F401
import pandas  # noqa: F401

_clean: tuple = (OSError,)

# The harnesses: fuzz/fuzz_<name>.py with its seed corpus in fuzz/corpus/<name>/.
HARNESSES = (
    "strategy_json",
    "measurements_csv",
    "kolada",
    "stratsys",
    "funds",
    "projects",
    "allocation_plan",
    "sensitivity_inputs",
    "excel_strategy",
    "excel_measurements",
)


def instrumented(*modules: str) -> ModuleType:
    """Import ``modules`` (``"styrkort"``, ``"styrkort.excel"``, ``"openpyxl"``)
    with atheris' coverage instrumentation and return the ``styrkort`` package.

    Submodules the loader imports only when it runs must be named here too:
    a module imported after this block runs uninstrumented.
    """
    global _clean
    with atheris.instrument_imports(include=sorted({m.split(".")[0] for m in modules})):
        for m in modules:
            importlib.import_module(m)
    import styrkort

    _clean = (styrkort.Error, OSError)
    return styrkort


def check(load: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call ``load(*args, **kwargs)``; a ``styrkort.Error`` or ``OSError`` is a
    clean rejection (``None`` is returned), any other exception propagates.

    Warnings are silenced: a loader may warn about input it accepts.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return load(*args, **kwargs)
    except _clean:
        return None


class _InputFile:
    """One temporary file for the whole process, rewritten for every input."""

    def __init__(self, suffix: str) -> None:
        fd, self.path = tempfile.mkstemp(prefix="styrkort-fuzz-", suffix=suffix)
        os.close(fd)
        atexit.register(os.unlink, self.path)

    def write(self, data: bytes) -> str:
        with open(self.path, "wb") as f:
            f.write(data)
        return self.path


def small_strategy(sk: ModuleType) -> Any:
    """The Gävle example cut down to two focus areas, an indicator each and
    four activities (one with Goal Attainment Scaling): every sheet of a
    strategy workbook, small enough to read hundreds of times a second."""
    d = sk.examples.gavle_strategy().to_dict()
    keep = {"vision", "mal_int", "fa1", "fa2", "i_fa1_projekt", "i_fa2_projekt"}
    d["nodes"] = [n for n in d["nodes"] if n["id"] in keep]
    activities = [a for a in d["activities"] if a["focus_area"] in keep]
    d["activities"] = activities[:3] + [a for a in activities if "gas" in a][:1]
    return sk.Strategy.from_dict(d)


def excel_seeds(sk: ModuleType, kind: str) -> Dict[str, bytes]:
    """Valid workbooks for ``kind`` ``"strategy"`` (:func:`small_strategy` with
    the enumerations in Swedish, English and as the format's codes) or
    ``"measurements"`` (the Gävle example's first twelve measurements, with
    and without notes), by file name."""
    from styrkort import excel

    fd, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(fd)
    books = {}
    try:
        if kind == "strategy":
            strategy = small_strategy(sk)
            for lang in ("sv", "en", None):
                excel.write_strategy_excel(path, strategy, lang=lang)
                books[f"strategy-{lang or 'codes'}.xlsx"] = _read(path)
        else:
            frame = sk.examples.gavle_measurements().frame.head(12)
            for name, table in (("notes", frame), ("values", frame.drop(columns="note"))):
                excel.write_measurements_excel(path, table)
                books[f"measurements-{name}.xlsx"] = _read(path)
    finally:
        os.unlink(path)
    return books


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


class Workbooks:
    """Structured mutations for the Excel harnesses (libFuzzer's custom mutator).

    An input is a workbook. Most mutations unpack it, mutate one of its XML
    parts (a sheet, the shared strings, the workbook, the relationships, the
    content types) with libFuzzer's own mutator and pack it again, so the
    fuzzer explores the readers behind a valid zip archive; one in five
    mutates the bytes as they are (the archive itself, the zip header). An
    input that is no zip archive has its mutated part put into the template.
    """

    def __init__(self, template: bytes) -> None:
        self.template = _parts(template)

    def mutate(self, data: bytes, max_size: int, seed: int) -> bytes:
        """The custom mutator: ``data`` mutated, at most ``max_size`` bytes."""
        rng = random.Random(seed)
        if rng.random() < 0.2:
            return atheris.Mutate(data, max_size)
        try:
            parts = _parts(data)
        except Exception:  # not a workbook (a raw mutation made it so): start from the template
            parts = list(self.template)
        xml = [k for k, (name, _) in enumerate(parts) if name.endswith((".xml", ".rels")) and "theme" not in name]
        if not xml:
            return atheris.Mutate(data, max_size)
        k = rng.choice(xml)
        name, content = parts[k]
        parts[k] = (name, atheris.Mutate(content, len(content) + 64))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
            for name, content in parts:
                z.writestr(name, content)
        packed = out.getvalue()
        return packed if len(packed) <= max_size else atheris.Mutate(data, max_size)


def _parts(workbook: bytes) -> List[Tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(workbook)) as z:
        return [(i.filename, z.read(i)) for i in z.infolist()]


def fuzz(
    test_one: Callable[[bytes, str], None],
    *,
    suffix: str = "",
    mutator: Optional[Callable[[bytes, int, int], bytes]] = None,
    max_len: int = 0,
) -> None:
    """Run libFuzzer (atheris) with the command line's arguments.

    Parameters
    ----------
    test_one : callable
        Called once per input with the input's bytes and the path of the
        process's input file, which holds those bytes.
    suffix : str
        The input file's extension (the Excel readers look at it).
    mutator : callable, optional
        A custom mutator (:meth:`Workbooks.mutate`); libFuzzer's by default.
    max_len : int
        libFuzzer's ``-max_len`` unless the command line gives one; by default
        libFuzzer's (the largest seed's size).
    """
    argv = list(sys.argv)
    if max_len and not any(a.startswith("-max_len=") for a in argv):
        argv.append(f"-max_len={max_len}")
    file = _InputFile(suffix)

    def one(data: bytes) -> None:
        test_one(data, file.write(data))

    atheris.Setup(argv, one, custom_mutator=mutator)
    atheris.Fuzz()


def fuzz_workbooks(sk: ModuleType, kind: str, read: Callable[[str], Any]) -> None:
    """Fuzz an Excel reader (``read``, a path to its result) on workbooks of
    ``kind`` (:func:`excel_seeds`) mutated by :class:`Workbooks`."""
    books = Workbooks(next(iter(excel_seeds(sk, kind).values())))
    fuzz(lambda data, path: check(read, path), suffix=".xlsx", mutator=books.mutate, max_len=1 << 17)
