"""Execute the notebooks in notebooks/ end to end (slow: marked ``notebook``).

Run them alone with ``pytest -m notebook``, or leave them out with ``-m "not notebook"``.
A cell that raises fails the test. The kernel is the ``python3`` kernel with the working
directory notebooks/ (where the notebooks find sdr_support and ../tests/data).
"""

import os
import subprocess
import sys
from pathlib import Path

import ipykernel  # noqa: F401  (the kernel; required, like nbformat and nbclient: [test] extra)
import nbclient
import nbformat
import pytest

import styrkort

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
TIMEOUT = 600


def _kernel_can_import_styrkort(monkeypatch):
    """Make the kernel import the styrkort this test imported.

    Normally it does anyway (an installed package, or PYTHONPATH, which the kernel
    inherits). Only when styrkort reached this process some other way (e.g. sys.path
    set up by a conftest) is its folder added to the kernel's PYTHONPATH.
    """
    here = Path(styrkort.__file__).resolve()
    probe = subprocess.run(
        [sys.executable, "-c", "import styrkort; print(styrkort.__file__)"],
        cwd=NOTEBOOKS,
        capture_output=True,
        text=True,
    )
    if probe.returncode == 0 and Path(probe.stdout.strip()).resolve() == here:
        return
    paths = [str(here.parents[1])]
    if os.environ.get("PYTHONPATH"):
        paths.append(os.environ["PYTHONPATH"])
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(paths))


@pytest.mark.notebook
@pytest.mark.parametrize(
    "name", ["sdr2023.ipynb", "gavle.ipynb", "allocation.ipynb", "analysts_year.ipynb", "sensitivity.ipynb"]
)
def test_notebook_runs(name, monkeypatch):
    _kernel_can_import_styrkort(monkeypatch)
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    client = nbclient.NotebookClient(
        nb, kernel_name="python3", timeout=TIMEOUT, resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, when a cell fails
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.get("output_type") == "error"
    ]
    assert not errors
