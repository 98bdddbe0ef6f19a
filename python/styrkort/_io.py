"""Reading user files safely: text must be UTF-8, errors name the file and line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Union

from .errors import ArgumentError

PathLike = Union[str, "os.PathLike[str]"]


def read_text(path: PathLike, error: type) -> str:
    """Read a UTF-8 text file; an error of type ``error`` names the file, line and column."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise error(f"{p}: no such file") from None
    except IsADirectoryError:
        raise error(f"{p}: is a directory, expected a file") from None
    except OSError as e:
        raise error(f"{p}: cannot be read ({e.strerror})") from None
    if data.startswith(b"\xef\xbb\xbf"):  # a BOM, as Excel writes it
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise error(f"{p}: line {line}, column {col}: invalid UTF-8 (byte {e.start}); save the file as UTF-8") from None


def output_path(path: PathLike, *inputs: PathLike) -> Path:
    """Check that an output file does not overwrite one of the inputs."""
    out = Path(path)
    for i in inputs:
        if i is not None and Path(i).exists() and out.exists() and out.resolve() == Path(i).resolve():
            raise ArgumentError(f"{out}: the output would overwrite an input file; choose another --out")
    if out.exists() and out.is_dir():
        raise ArgumentError(f"{out}: is a directory; give a file name")
    return out
