"""Write the seed corpora of the harnesses (fuzz/corpus/<harness>/) from the
examples, the test fixtures and, for the Excel readers, workbooks written by
styrkort itself. The corpora are committed; run this again when a format changes:

    PYTHONPATH=python python fuzz/make_seeds.py
"""

import json
import shutil
from pathlib import Path

import harness

import styrkort as sk

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "fuzz" / "corpus"
EXAMPLE = ROOT / "python" / "styrkort" / "examples" / "gavle"
FIXTURES = ROOT / "tests" / "data"


def _semicolons(text: str) -> str:
    """A comma-separated table as Swedish Excel saves it: semicolons, decimal commas."""
    return "\n".join(line.replace(",", ";").replace(".", ",") for line in text.splitlines()) + "\n"


def _head(path: Path, lines: int) -> str:
    return "\n".join(path.read_text(encoding="utf-8").splitlines()[:lines]) + "\n"


def main() -> None:
    """Write every corpus, replacing what is there."""
    shutil.rmtree(CORPUS, ignore_errors=True)
    seeds: dict = {name: {} for name in harness.HARNESSES}
    small = harness.small_strategy(sk)
    seeds["strategy_json"] = {
        "gavle.json": (EXAMPLE / "strategy.json").read_bytes(),
        "small.json": json.dumps(small.to_dict(), ensure_ascii=False, indent=1).encode(),
        "kolada-compare.json": (FIXTURES / "kolada" / "compare-strategy.json").read_bytes(),
    }
    measurements = _head(EXAMPLE / "measurements.csv", 25)
    seeds["measurements_csv"] = {
        "gavle.csv": measurements.encode(),
        "gavle-semicolons.csv": b"\xef\xbb\xbf" + _semicolons(measurements).replace("\n", "\r\n").encode(),
        "gavle-cp1252.csv": _semicolons(measurements).encode("cp1252"),
    }
    seeds["kolada"] = {p.name: p.read_bytes() for p in sorted((FIXTURES / "kolada").glob("*.json"))}
    seeds["stratsys"] = {p.name: p.read_bytes() for p in sorted((FIXTURES / "stratsys").glob("*.csv"))}
    for name, file in (("funds", "funds.csv"), ("projects", "projects.csv")):
        semicolons = _semicolons(_head(EXAMPLE / file, 8)).encode()
        seeds[name] = {file: (EXAMPLE / file).read_bytes(), "semicolons-" + file: semicolons}
    seeds["allocation_plan"] = {"gavle.json": (EXAMPLE / "allocation.json").read_bytes()}
    seeds["sensitivity_inputs"] = {"gavle.json": (EXAMPLE / "sensitivity_inputs.json").read_bytes()}
    for kind in ("strategy", "measurements"):
        seeds["excel_" + kind] = harness.excel_seeds(sk, kind)
    for name, files in seeds.items():
        folder = CORPUS / name
        folder.mkdir(parents=True)
        for file, data in files.items():
            (folder / file).write_bytes(data)
        print(f"{name}: {len(files)} seeds, {sum(map(len, files.values()))} bytes")


if __name__ == "__main__":
    main()
