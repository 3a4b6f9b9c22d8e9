"""The number and period grammar on the forms releases print."""
from datetime import date
from decimal import Decimal

import pytest

from disclose.model import Period
from disclose.text.numbers import decimals_of, is_nil, parse_number
from disclose.text.periods import FiscalCalendar, column_periods
from disclose.text.tokens import norm, tokenize


@pytest.mark.parametrize("text,value", [
    ("38,671,734", Decimal("38671734")), ("(84,020 )", Decimal("-84020")), ("(84,020)", Decimal("-84020")),
    ("△1,234", Decimal("-1234")), ("△0", Decimal("0")), ("61.43", Decimal("61.43")), ("(33.6 )", Decimal("-33.6")),
    ("1,", None), ("30,", None), ("1Gbps", None), ("12,34", None), ("abc", None),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_nil_marks_are_not_zero():
    for mark in ("-", "―", "－", "–", "--"):
        assert is_nil(mark)
        assert parse_number(mark) is None


def test_tokens_merge_split_parentheses_and_scaled_amounts():
    toks = tokenize(["Total costs (84,020 ) (84,210 ) JPY101.7 billion △ 1,234"])
    values = [(t.text, t.value, t.scale) for t in toks if t.value is not None]
    assert values == [("(84,020 )", Decimal("-84020"), None), ("(84,210 )", Decimal("-84210"), None),
                      ("JPY101.7 billion", Decimal("101.7"), 9), ("△1,234", Decimal("-1234"), None)]


def test_norm_ignores_stray_spaces_and_footnote_marks():
    assert norm("Total c ost of sales") == norm("Total cost of sales")
    assert norm("Net profit3") == norm("Net profit")
    assert norm("Annual Cash Dividend4 (per share of common stock)") == "annualcashdividendpershareofcommonstock"


def test_decimals_follow_the_stated_scale():
    assert decimals_of("38,671,734", 3) == -3
    assert decimals_of("101.7", 9) == -8
    assert decimals_of("61.43", 0) == 2


MARCH = FiscalCalendar(3, 31, "start")


def test_durations_from_headers():
    got = column_periods("Six Months Ended Six Months Ended September 30, 2019 September 30, 2020", MARCH)
    assert got == [Period(date(2019, 9, 30), date(2019, 4, 1)), Period(date(2020, 9, 30), date(2020, 4, 1))]
    got = column_periods("Three Months Ended Three Months Ended September 30, 2019 September 30, 2020", MARCH)
    assert got[0] == Period(date(2019, 9, 30), date(2019, 7, 1))


def test_instants_and_announcement_dates():
    assert column_periods("March 31, 2020 September 30, 2020", MARCH) == [Period(date(2020, 3, 31)), Period(date(2020, 9, 30))]
    got = column_periods("for FY2020 (Revised on November 9, 2020) Original Target", MARCH)
    assert got == [Period(date(2021, 3, 31), date(2020, 4, 1))]


@pytest.mark.parametrize("label,start,end", [
    ("1H20", date(2020, 4, 1), date(2020, 9, 30)), ("1H19", date(2019, 4, 1), date(2019, 9, 30)),
    ("3Q FY2020", date(2020, 10, 1), date(2020, 12, 31)), ("FY2020", date(2020, 4, 1), date(2021, 3, 31)),
])
def test_fiscal_labels_march_year_end(label, start, end):
    assert column_periods(label, MARCH) == [Period(end, start)]


def test_fiscal_labels_december_and_june_year_ends():
    dec = FiscalCalendar(12, 31, "start")
    assert column_periods("FY2021", dec) == [Period(date(2021, 12, 31), date(2021, 1, 1))]
    assert column_periods("2Q21", dec) == [Period(date(2021, 6, 30), date(2021, 4, 1))]
    june = FiscalCalendar(6, 30, "end")
    assert column_periods("Nine months ended March 31, 2026", june) == [Period(date(2026, 3, 31), date(2025, 7, 1))]
    assert june.year(2026) == Period(date(2026, 6, 30), date(2025, 7, 1))
