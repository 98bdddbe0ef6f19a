"""The Excel strategy template speaks the words of the Excel output: Swedish (or
English) words for kinds, directions and statuses read as the format's codes, the
written template lists them in drop-downs, and an unknown word is an error naming
the file, sheet, row, column and the allowed words (issue 10, point 12)."""

import math

import numpy as np
import openpyxl
import pytest

import styrkort as sk
from styrkort import excel as xl
from styrkort.excel._words import enumerations


def rows_of(frame):
    def cell(v):
        if isinstance(v, float) and math.isnan(v):
            return None
        return v.item() if isinstance(v, np.generic) else v

    return [list(frame.columns)] + [[cell(v) for v in row] for row in frame.itertuples(index=False)]


def write_book(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, frame in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows_of(frame):
            ws.append(row)
    wb.save(path)
    return path


# Swedish words as an analyst types them (any case, extra spaces), by hand from _display/sv.py
SWEDISH = {
    ("nodes", "kind"): {"vision": "vision", "goal": "MÅL", "focus_area": "fokusområde", "indicator": "Indikator"},
    ("nodes", "direction"): {"higher_is_better": "högre är  bättre", "lower_is_better": "Lägre är bättre"},
    ("activities", "status"): {"completed": "genomförd", "started": "Påbörjad", "not_started": "Ej påbörjad"},
    ("activities", "means"): {"twin_city": "Vänortssamarbete", "project": "projekt", "network": "NÄTVERK"},
    ("assessments", "status"): {"yellow": "delvis uppfyllt", "green": "Uppfyllt", "red": "Ej uppfyllt"},
}


def test_a_workbook_with_swedish_words_reads_as_the_one_with_codes(tmp_path):
    s = sk.examples.gavle_strategy()
    sheets = xl.strategy_sheets(s)
    replaced = 0
    for (table, column), words in SWEDISH.items():
        frame = sheets[table] = sheets[table].copy()
        before = frame[column].tolist()
        frame[column] = [words.get(v, v) for v in before]
        replaced += sum(a != b for a, b in zip(before, frame[column]))
    assert replaced > 20  # the example has every one of these columns filled
    codes = write_book(tmp_path / "koder.xlsx", xl.strategy_sheets(s))
    words = write_book(tmp_path / "ord.xlsx", sheets)
    assert xl.read_strategy_excel(words).to_dict() == xl.read_strategy_excel(codes).to_dict() == s.to_dict()


def test_english_words_and_codes_in_any_case_read_too(tmp_path):
    s = sk.examples.gavle_strategy()
    sheets = xl.strategy_sheets(s)
    sheets["nodes"] = sheets["nodes"].copy()
    sheets["nodes"]["kind"] = [
        {"focus_area": "Focus area", "indicator": "INDICATOR"}.get(k, k) for k in sheets["nodes"]["kind"]
    ]
    sheets["nodes"]["direction"] = [
        {"higher_is_better": "Higher_Is_Better"}.get(d, d) if isinstance(d, str) else d
        for d in sheets["nodes"]["direction"]
    ]
    assert xl.read_strategy_excel(write_book(tmp_path / "en.xlsx", sheets)).to_dict() == s.to_dict()


def test_no_word_names_two_codes():
    for lang in ("sv", "en"):
        for place, words in enumerations(lang).items():
            spelled = [w.casefold() for w in words.values()]
            assert len(set(spelled)) == len(spelled), (lang, place)
    for place in enumerations("sv"):
        seen = {}
        for lang in ("sv", "en"):
            for code, word in enumerations(lang)[place].items():
                for spelling in (code.casefold(), word.casefold()):
                    assert seen.setdefault(spelling, code) == code, (place, spelling)


def _drop_downs(path):
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        for rule in ws.data_validations.dataValidation:
            (ref,) = str(rule.sqref).split()
            letter = ref.split(":")[0].rstrip("0123456789")
            assert ref == f"{letter}2:{letter}1048576"  # the whole column below the header
            assert rule.type == "list" and rule.allow_blank and rule.showErrorMessage and rule.errorStyle == "stop"
            out[(ws.title, ws[f"{letter}1"].value)] = rule.formula1
    return wb, out


def test_the_written_template_has_drop_downs_on_the_right_columns(tmp_path):
    s = sk.examples.gavle_strategy()
    path = xl.write_strategy_excel(tmp_path / "mall.xlsx", s)  # Swedish by default
    wb, lists = _drop_downs(path)
    assert lists == {
        ("nodes", "kind"): '"Vision,Mål,Inriktning,Fokusområde,Delmål,Aktivitet,Indikator"',
        ("nodes", "direction"): '"Högre är bättre,Lägre är bättre,Inom ett intervall"',
        ("activities", "status"): '"Ej påbörjad,Påbörjad,Genomförd,Försenad,Inställd"',
        ("activities", "means"): '"Vänortssamarbete,Partnerskap,Nätverk,Projekt"',
        (
            "assessments",
            "status",
        ): '"Uppfyllt,Delvis uppfyllt,I liten grad uppfyllt,Ej uppfyllt,Kan ej bedömas,Ej tillämplig"',
    }
    rule = next(r for r in wb["nodes"].data_validations.dataValidation if str(r.sqref).startswith("B"))
    assert (
        rule.error == "Skriv ett av orden i listan: Vision, Mål, Inriktning, Fokusområde, Delmål, Aktivitet, Indikator."
    )
    # the cells hold the words, and the template reads back to the strategy
    kinds = [c.value for c in wb["nodes"]["B"][1:]]
    assert kinds[:3] == ["Vision", "Mål", "Fokusområde"] and "focus_area" not in kinds
    assert xl.read_strategy_excel(path).to_dict() == s.to_dict()
    # English words, or the codes
    _, en = _drop_downs(xl.write_strategy_excel(tmp_path / "template.xlsx", s, lang="en"))
    assert en[("nodes", "direction")] == '"Higher is better,Lower is better,Within a band"'
    _, codes = _drop_downs(xl.write_strategy_excel(tmp_path / "codes.xlsx", s, lang=None))
    assert codes[("activities", "means")] == '"twin_city,partnership,network,project"'
    assert xl.read_strategy_excel(tmp_path / "codes.xlsx").to_dict() == s.to_dict()
    with pytest.raises(sk.ArgumentError, match="unknown language 'de'"):
        xl.write_strategy_excel(tmp_path / "x.xlsx", s, lang="de")


def test_an_unknown_word_names_file_sheet_row_column_and_the_allowed_words(tmp_path):
    s = sk.examples.gavle_strategy()
    sheets = xl.strategy_sheets(s)
    sheets["activities"] = sheets["activities"].copy()
    sheets["activities"].loc[2, "status"] = "Klar"
    path = write_book(tmp_path / "mall.xlsx", sheets)
    with pytest.raises(sk.StrategyError) as e:
        xl.read_strategy_excel(path)
    letter = openpyxl.utils.get_column_letter(list(sheets["activities"].columns).index("status") + 1)
    assert str(e.value) == (
        f"{path}, sheet 'activities', row 4, column {letter} (status): unknown value \"Klar\" "
        "(allowed: Ej påbörjad, Påbörjad, Genomförd, Försenad, Inställd; or the codes not_started, started, "
        "completed, delayed, cancelled, or the English words Not started, Started, Completed, Delayed, Cancelled)"
    )
