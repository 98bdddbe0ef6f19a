"""Resources bounded on huge input (issue 12, point 4): workbooks are read row by
row and refused, with the file and sheet named, once they pass the documented
limits; CSV files with absurd lines or headers are refused before they are
parsed; the robustness samplers refuse more samples than fit in memory and stop
on Ctrl-C with and without a progress bar.

The sizes are those that took gigabytes or minutes before (a 20,000-row
workbook whose rows reach column XFD: 2.6 GB and 85 s; a 100 MB one-line CSV
header: over 100 s; 3e8 samples: std::bad_alloc)."""

import _thread
import signal
import subprocess
import sys
import threading
import zipfile

import openpyxl
import pandas as pd
import pytest

import styrkort as sk
from styrkort import _io
from styrkort import excel as xl
from styrkort.allocation import selection_robustness, split_robustness


def _measurement_book(path, rows_xml):
    """A measurements workbook whose sheet XML has the given rows (after the header)."""
    wb = openpyxl.Workbook()
    wb.active.title = "measurements"
    wb.active.append(["indicator", "unit", "period", "value"])
    plain = path.with_name("plain.xlsx")
    wb.save(plain)
    with zipfile.ZipFile(plain) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    header = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c><c r="B1" t="inlineStr"><is><t>unit</t>'
        '</is></c><c r="C1" t="inlineStr"><is><t>period</t></is></c><c r="D1" t="inlineStr"><is><t>value</t></is>'
        "</c></row>"
    )
    parts["xl/worksheets/sheet1.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{header}{rows_xml}</sheetData></worksheet>'
    ).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return path


def _row(r, extra=""):
    return (
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>i1</t></is></c><c r="B{r}" t="inlineStr"><is><t>u</t></is>'
        f'</c><c r="C{r}" t="inlineStr"><is><t>{2000 + r}</t></is></c><c r="D{r}"><v>{r}</v></c>{extra}</row>'
    )


READ_IN_A_CHILD = """
import resource, sys
import styrkort as sk
from styrkort import excel as xl
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    xl.read_measurements_excel(sys.argv[1])
except sk.MeasurementError as e:
    print(e)
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_workbook_of_wide_rows_is_refused_in_bounded_memory(tmp_path):
    # the case: 20,000 rows, each with an empty formatted cell in column XFD (16,384), in a
    # small file; every row used to be read 16,384 cells wide: 2.6 GB and 85 s
    path = _measurement_book(tmp_path / "bred.xlsx", "".join(_row(r, f'<c r="XFD{r}"/>') for r in range(2, 20002)))
    assert path.stat().st_size < 500_000  # a small file
    # in a child process, so that its peak memory is that of the reading alone
    out = subprocess.run([sys.executable, "-c", READ_IN_A_CHILD, str(path)], capture_output=True, text=True, check=True)
    message, grown_mib = out.stdout.strip().splitlines()
    # 16,777,216 / 16,384 = 1,024 rows fit: rows 1 to 1,025 pass the limit
    assert message == (
        f"{path}, sheet 'measurements': rows 1 to 1025 reach 16,777,220 cells (rows times the columns up to "
        "each row's last cell; row 1025 reaches column XFD), more than the 16,777,216 read from a sheet; delete "
        "the rows and columns outside the table (also empty formatted cells) or save the table as CSV"
    )
    assert int(grown_mib) < 100  # one row at a time (a row of 16,384 cells is 128 KiB of pointers)


def test_the_same_rows_without_the_far_cell_are_read(tmp_path):
    path = _measurement_book(tmp_path / "smal.xlsx", "".join(_row(r) for r in range(2, 20002)))
    m = xl.read_measurements_excel(path)
    assert len(m.frame) == 20000
    assert m.frame["value"].iloc[-1] == 20001.0


def test_a_sheet_with_more_cells_than_the_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    monkeypatch.setattr(xl._read, "MAX_SHEET_CELLS", 100)
    path = _measurement_book(tmp_path / "m.xlsx", "".join(_row(r) for r in range(2, 40)))  # 4 + 38 * 4 cells
    with pytest.raises(sk.MeasurementError) as e:
        xl.read_measurements_excel(path)
    assert str(e.value) == (
        f"{path}, sheet 'measurements': 156 cells, more than the 100 read from a sheet; delete the cells "
        "outside the table (also empty formatted ones) or save the table as CSV"
    )


def _with_text_table(path, texts):
    """The workbook at ``path`` with a table of shared texts (xl/sharedStrings.xml,
    as Excel stores every text cell) and a row whose unit is its first text."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdTexts" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>',
    )
    items = "".join(f"<si><t>{t}</t></si>" for t in texts)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
        f'main">{items}</sst>'
    ).encode()
    row = '<row r="2"><c r="A2" t="inlineStr"><is><t>i1</t></is></c><c r="B2" t="s"><v>0</v></c>'
    row += '<c r="C2" t="inlineStr"><is><t>2021</t></is></c><c r="D2"><v>5</v></c></row>'
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", row.encode() + b"</sheetData>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in parts.items():
            z.writestr(n, b)
    return path


def test_a_table_of_texts_larger_than_the_limit_is_refused_before_it_is_parsed(tmp_path, monkeypatch):
    # a text table of 32 MiB took 14 s and 280 MB to parse; one of 1 GiB (a zip of a
    # few MB) would have taken minutes and gigabytes
    texts = [f"enhet{k:07d}" for k in range(60_000)]  # 60,000 x 29 bytes of XML: 1.6 MiB
    path = _with_text_table(_measurement_book(tmp_path / "m.xlsx", ""), texts)
    assert xl.read_measurements_excel(path).frame["unit"].tolist() == ["enhet0000000"]
    monkeypatch.setattr(xl._read, "MAX_PART_BYTES", 1 << 20)
    with pytest.raises(sk.MeasurementError) as e:
        xl.read_measurements_excel(path)
    assert str(e.value) == (
        f"{path}: the part xl/sharedStrings.xml unpacks to 1.6 MiB, more than the 1 MiB read whole from a "
        "workbook (all but its sheets are); save the table as CSV"
    )


def test_more_rows_than_excel_holds_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(xl._read, "MAX_SHEET_ROWS", 10)
    path = _measurement_book(tmp_path / "m.xlsx", _row(2) + _row(5000000))  # the rows between are empty
    with pytest.raises(sk.MeasurementError) as e:
        xl.read_measurements_excel(path)
    assert str(e.value) == f"{path}, sheet 'measurements': more than 10 rows, Excel's limit; save the table as CSV"


def test_a_text_longer_than_a_cell_holds_is_refused(tmp_path):
    note = "x" * 40000
    long_row = _row(3).replace("<t>i1</t>", f"<t>{note}</t>")
    path = _measurement_book(tmp_path / "m.xlsx", _row(2) + long_row)
    with pytest.raises(sk.MeasurementError) as e:
        xl.read_measurements_excel(path)
    assert str(e.value) == (
        f"{path}, sheet 'measurements', row 3, column A (indicator): a text of 40,000 characters, more than the "
        "32,767 a cell holds in Excel"
    )


# -- CSV ------------------------------------------------------------------------------


def test_csv_header_of_ten_million_columns_is_refused_before_parsing(tmp_path):
    # 100 MB on one line: parsed for more than 100 s before
    p = tmp_path / "m.csv"
    p.write_text(",".join(["indicator"] * 10_000_000) + "\n", encoding="utf-8")
    with pytest.raises(sk.MeasurementError) as e:
        sk.load_measurements(p)
    assert str(e.value) == (
        f"{p}, row 1: the header has 10,000,000 columns, more than the 1,000 read from a CSV file; is this the "
        "right file, and is ',' its separator?"
    )


@pytest.mark.parametrize("line", ["x" * 5_000_000, ";" * 5_000_000])
def test_csv_line_longer_than_the_limit_is_refused(tmp_path, line):
    p = tmp_path / "m.csv"
    p.write_text("indicator;unit;period;value\ni1;u;2020;1\n" + line + "\n", encoding="utf-8")
    with pytest.raises(sk.MeasurementError) as e:
        sk.load_measurements(p)
    assert str(e.value) == (
        f"{p}, row 3: 5,000,001 characters, more than the 1,000,000 read in one line of a CSV file; is this the "
        "right file?"
    )


def test_stratsys_export_with_a_header_of_ten_million_columns_is_refused_before_parsing(tmp_path):
    # 16 s and 1.4 GB before
    p = tmp_path / "export.csv"
    p.write_text(";".join(["Datum"] * 10_000_000) + "\n", encoding="utf-8")
    with pytest.raises(sk.MeasurementError) as e:
        sk.read_stratsys(p, {("M1", "Utfall"): "i1"})
    assert str(e.value) == (
        f"{p}, row 1: the header has 10,000,000 columns, more than the 1,000 read from a CSV file; is this the "
        "right file, and is ';' its separator?"
    )


def test_csv_limits_apply_to_funds_and_projects(tmp_path, monkeypatch):
    monkeypatch.setattr(_io, "MAX_CSV_COLUMNS", 3)
    p = tmp_path / "t.csv"
    p.write_text("a,b,c,d\n1,2,3,4\n", encoding="utf-8")
    with pytest.raises(sk.FundsError, match=r"t\.csv, row 1: the header has 4 columns, more than the 3 read"):
        sk.load_funds(p)
    from styrkort.allocation import read_projects

    with pytest.raises(sk.ArgumentError, match=r"t\.csv, row 1: the header has 4 columns, more than the 3 read"):
        read_projects(p)


def test_csv_lines_at_the_limits_are_read(tmp_path, monkeypatch):
    monkeypatch.setattr(_io, "MAX_CSV_COLUMNS", 5)
    monkeypatch.setattr(_io, "MAX_CSV_LINE_CHARACTERS", 100)
    p = tmp_path / "m.csv"
    note = "n" * (100 - len("i1,u,2020,1,\n"))  # the line's end counts
    p.write_text(f"indicator,unit,period,value,note\ni1,u,2020,1,{note}\n", encoding="utf-8")
    assert sk.load_measurements(p).frame["note"].iloc[0] == note
    p.write_text(f"indicator,unit,period,value,note\ni1,u,2020,1,{note}n\n", encoding="utf-8")
    with pytest.raises(sk.MeasurementError, match=r"m\.csv, row 2: 101 characters, more than the 100 read"):
        sk.load_measurements(p)


# -- robustness sampling ----------------------------------------------------------------

AREAS = pd.DataFrame({"id": ["a", "b", "c", "d", "e"]})


def test_split_robustness_with_more_samples_than_fit_in_memory_is_refused():
    with pytest.raises(sk.ArgumentError) as e:
        split_robustness(AREAS, 100.0, priorities=[1, 2, 3, 4, 5], samples=300_000_000, progress=False)
    assert str(e.value) == (
        "split_robustness: 300000000 samples would need 24.6 GiB of memory (11 numbers of 8 bytes per sample for "
        "5 focus areas), more than the 2 GiB allowed; use at most 24403223 samples (10000 give a Monte Carlo "
        "error of at most 0.5 %)"
    )


ITEMS = pd.DataFrame(
    {
        "id": [f"p{j}" for j in range(14)],
        "cost": [1.0 + j % 4 for j in range(14)],
        "value": [2.0 + j for j in range(14)],
        "focus_area": ["a" if j % 2 else "b" for j in range(14)],
    }
)


@pytest.mark.parametrize("how", ["progress=False", "without tqdm"])
@pytest.mark.parametrize("which", ["split", "selection"])
def test_ctrl_c_stops_the_sampling_without_a_bar(monkeypatch, how, which):
    # before, without a bar the engine never returned to Python: Ctrl-C waited for the end (60-90 s)
    if how == "without tqdm":
        monkeypatch.setitem(sys.modules, "tqdm.auto", None)  # the import fails
    if which == "split":  # 2 million samples: several seconds of work
        run, args = split_robustness, (AREAS[:2], 100.0)
        samples = 2_000_000
    else:  # a minute of work
        run, args = selection_robustness, (ITEMS, 20.0, ["a", "b"])
        samples = 5_000_000
    # Python's own SIGINT handler, as an interactive session has: a process
    # started in the background by a non-interactive shell (nohup, `&`)
    # inherits SIGINT ignored, and interrupt_main() then does nothing.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.3, _thread.interrupt_main)  # as Ctrl-C: SIGINT's handler on the main thread
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt) as e:
            run(*args, priorities=[1, 2], samples=samples, progress=how != "progress=False")
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    # raised inside the engine's callback, so the sampling stopped there (not after it finished)
    assert any(entry.name == "_poll" for entry in e.traceback)
