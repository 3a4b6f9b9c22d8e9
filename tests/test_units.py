"""Units as data: the scale and currency grammar of unit lines and figures, the unit of each
concept type in the chosen currency, and a release in millions of US dollars that files as such."""
from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree

from disclose import api
from disclose.model import Unit
from disclose.profile import profile_from_dict
from disclose.text.decode import InputError
from disclose.text.scales import find_scales, scale_at, word
from disclose.text.tokens import tokenize
from disclose.units import choose_currency, strip_currency, unit_by_id, unit_id, unit_of
from disclose.writers.layout import Block, layout

XBRLI = "http://www.xbrl.org/2003/instance"


def _scale(text: str):
    words = text.split()
    return scale_at([word(w) for w in words], 0, words[0])


@pytest.mark.parametrize("text, power, currency", [
    ("Thousands of yen", 3, "JPY"),
    ("Millions of yen", 6, "JPY"),
    ("JPY millions", 6, "JPY"),
    ("Yen in thousands", 3, "JPY"),
    ("Billions of JPY", 9, "JPY"),
    ("Millions of U.S. dollars", 6, "USD"),
    ("(Millions of US dollars)", 6, "USD"),
    ("Thousands of U.S. dollars", 3, "USD"),
    ("USD millions", 6, "USD"),
    ("US$ thousands", 3, "USD"),
    ("Thousands of euros", 3, "EUR"),
    ("EUR millions", 6, "EUR"),
    ("€ thousands", 3, "EUR"),
    ("Billions of euros", 9, "EUR"),
    ("Millions of pounds sterling", 6, "GBP"),
    ("百万円", 6, "JPY"),
    ("(千円)", 3, "JPY"),
    ("億円", 8, "JPY"),
    ("（単位：百万円）", 6, "JPY"),
    ("百万米ドル", 6, "USD"),
    ("千ユーロ", 3, "EUR"),
])
def test_unit_lines_give_scale_and_currency(text, power, currency):
    found = _scale(text)
    assert found is not None, text
    assert (found.power, found.currency, found.length) == (power, currency, len(text.split()))


@pytest.mark.parametrize("text", ["Millions", "Total assets", "yen", "Dollars in", "in millions", "百万", "円"])
def test_words_that_are_no_unit_line(text):
    assert _scale(text) is None


def test_a_name_before_its_scale_needs_a_code_not_a_word():
    # "yen thousands" is no marker ("... per share 19.48 yen Thousands of shares" must not read as one),
    # "JPY thousands" is
    assert _scale("yen thousands") is None
    assert _scale("JPY thousands").power == 3


def test_markers_found_in_a_header_left_to_right():
    words = "December 31, 2024 December 31, 2025 Millions of U.S. dollars Millions of U.S. dollars Assets".split()
    hits = find_scales([word(w) for w in words], words)
    assert [(a, b, s.power, s.currency) for a, b, s in hits] == [(6, 10, 6, "USD"), (10, 14, 6, "USD")]


@pytest.mark.parametrize("text, value, scale, currency", [
    ("JPY43,291 million", Decimal("43291"), 6, "JPY"),
    ("¥1,200", Decimal("1200"), 0, "JPY"),
    ("US$3,400 million", Decimal("3400"), 6, "USD"),
    ("$12.5 billion", Decimal("12.5"), 9, "USD"),
    ("EUR850 thousand", Decimal("850"), 3, "EUR"),
    ("€7.25", Decimal("7.25"), 0, "EUR"),
])
def test_currency_on_a_figure(text, value, scale, currency):
    tok = tokenize([f"was {text} for the year"])[1]
    assert (tok.value, tok.scale, tok.currency) == (value, scale, currency)


def test_a_plain_figure_names_no_currency():
    tok = tokenize(["1,234"])[0]
    assert tok.value == Decimal("1234") and tok.currency == ""


def test_strip_currency_keeps_sign_marks():
    assert strip_currency("(US$1,234") == "(1,234"
    assert strip_currency("JPY101.7") == "101.7"
    assert strip_currency("1,234") == "1,234"


def test_unit_per_type_and_currency():
    assert unit_of("monetary", "USD") == Unit("USD", ("iso4217:USD",))
    assert unit_of("perShare", "EUR") == Unit("EURPerShare", ("iso4217:EUR",), ("xbrli:shares",))
    assert unit_of("shares", "USD") == Unit("shares", ("xbrli:shares",))
    assert unit_id("string", "USD") is None
    assert unit_by_id("USDPerShare") == unit_of("perShare", "USD")
    assert unit_by_id("JPY") == Unit("JPY", ("iso4217:JPY",))
    assert unit_by_id("contracts").numerator == ("dis:Contract",)
    with pytest.raises(KeyError):
        unit_by_id("furlongs")


def test_profile_chooses_else_the_release_else_the_default():
    assert choose_currency("EUR", ["USD", "USD"]) == "EUR"
    assert choose_currency(None, ["USD", None, "USD", "JPY"]) == "USD"
    assert choose_currency(None, [None]) == "JPY"  # data/units.yaml default_currency


def _profile(**reporting) -> dict:
    return {"issuer": {"name": "X", "identifier": "1"}, "fiscal": {"year_end": "12-31"}, "reporting": reporting}


def test_profile_currency_is_read_and_checked():
    assert profile_from_dict(_profile(currency="USD")).currency == "USD"
    assert profile_from_dict(_profile()).currency is None
    with pytest.raises(InputError, match="ISO 4217"):
        profile_from_dict(_profile(currency="dollars"))


# -- a release in millions of US dollars ------------------------------------------------------

RELEASE = """Sunbeam Robotics Corp.

Consolidated Financial Results for the Fiscal Year Ended December 31, 2025 (IFRS)

Sunbeam Robotics Corp. today announced its consolidated financial results for the fiscal year ended December 31, 2025.

Revenue was {sym}3,400 {word}, up 13.3% from the previous fiscal year ({sym}3,000 {word} for FY2024).

Consolidated Statements of Financial Position December 31, 2024 December 31, 2025 {unit} {unit} Assets Current assets Cash and cash equivalents 1,200 1,350 Trade receivables 800 910 Inventories 400 440 Total current assets 2,400 2,700 Non-current assets Property, plant and equipment 1,500 1,620 Intangible assets 600 580 Total non-current assets 2,100 2,200 Total assets 4,500 4,900 Liabilities and equity Liabilities Current liabilities Trade and other payables 700 760 Borrowings 300 250 Total current liabilities 1,000 1,010 Non-current liabilities Borrowings 900 850 Total non-current liabilities 900 850 Total liabilities 1,900 1,860 Equity Share capital 1,000 1,000 Retained earnings 1,600 2,040 Total equity attributable to owners of the parent 2,600 3,040 Total equity 2,600 3,040 Total liabilities and equity 4,500 4,900

Consolidated Statements of Profit or Loss Fiscal Year Ended Fiscal Year Ended December 31, 2024 December 31, 2025 {unit} {unit} Revenue 3,000 3,400 Cost of sales (1,800 ) (2,000 ) Gross profit 1,200 1,400 Selling, general and administrative expenses (700 ) (760 ) Operating profit 500 640 Finance income 10 12 Finance costs (30 ) (28 ) Profit before tax 480 624 Income tax expense (144 ) (184 ) Profit for the year 336 440 Earnings per share Basic earnings per share ({per}) 1.68 2.20 Diluted earnings per share ({per}) 1.66 2.18

Sunbeam Robotics Corp. is a fictional company.
"""

PROFILE = """[issuer]
name = "Sunbeam Robotics Corp."
identifier = "99990"
prefix = "sbr"
[fiscal]
year_end = "12-31"
naming = "end"
[reporting]
standard = "ifrs"
{currency}
"""

CASES = {
    # unit line, symbol and scale word in sentences, per-share note, profile line -> currency, decimals
    "usd-millions": ("Millions of U.S. dollars", "US$", "million", "U.S. dollars", "", "USD", -6),
    "eur-thousands": ("Thousands of euros", "EUR", "thousand", "euros", 'currency = "EUR"', "EUR", -3),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def foreign(request, tmp_path_factory):
    unit, sym, scale_word, per, currency_line, code, decimals = CASES[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    release = folder / "sunbeam-fy2025.txt"
    release.write_text(RELEASE.format(unit=unit, sym=sym, word=scale_word, per=per), encoding="utf-8")
    profile = folder / "sunbeam-fy2025.toml"
    profile.write_text(PROFILE.format(currency=currency_line), encoding="utf-8")
    result = api.build(release, profile, folder / "out", formats="xbrl,ixbrl")
    return result, folder / "out" / "sunbeam-fy2025.xbrl", code, decimals


def test_foreign_currency_release_builds_valid(foreign):
    result, _, _, _ = foreign
    assert result.exit_code == 0, result.summary
    assert result.report.ok


def test_every_monetary_fact_is_in_the_release_currency(foreign):
    _, instance, code, decimals = foreign
    root = etree.parse(str(instance)).getroot()
    measures = {u.get("id"): [m.text for m in u.iter(f"{{{XBRLI}}}measure")] for u in root.iter(f"{{{XBRLI}}}unit")}
    assert measures == {code: [f"iso4217:{code}"], f"{code}PerShare": [f"iso4217:{code}", "xbrli:shares"]}
    facts = [e for e in root if e.get("unitRef")]
    money = [e for e in facts if e.get("unitRef") == code]
    assert len(money) > 40
    assert {e.get("decimals") for e in money} == {str(decimals)}
    assets = [Decimal(e.text) for e in money if etree.QName(e).localname == "Assets"]
    assert sorted(assets) == [Decimal(4500).scaleb(-decimals), Decimal(4900).scaleb(-decimals)]
    eps = {(etree.QName(e).localname, e.text) for e in facts if e.get("unitRef") == f"{code}PerShare"}
    assert ("BasicEarningsLossPerShare", "2.20") in eps and len(eps) == 4
    assert {e.get("decimals") for e in facts if e.get("unitRef") == f"{code}PerShare"} == {"2"}


def test_stated_revenue_joins_the_statement_in_its_currency(foreign):
    result, _, code, decimals = foreign
    revenue = [f for f in result.filing.facts if f.concept == "dis:Revenue" and f.value == Decimal(3400).scaleb(-decimals)]
    assert revenue and all(f.unit == code for f in revenue)
    assert not any(i.code == "inconsistent-duplicate" for i in result.filing.issues)


def test_inline_xbrl_of_the_foreign_release_is_valid_with_its_units(foreign):
    from disclose.arelle import run_validation

    _, instance, code, _ = foreign
    run = run_validation(instance.with_suffix(".xhtml"), calcs="c11r", keep_facts=False)
    assert run.ok, [m.text for m in run.messages if m.severity == "error"]
    tree = etree.parse(str(instance.with_suffix(".xhtml")))
    refs = {t.get("unitRef") for t in tree.iter("{http://www.xbrl.org/2013/inlineXBRL}nonFraction")}
    assert refs == {code, f"{code}PerShare"}


def test_layout_shows_figures_in_the_scale_and_sign_the_reader_saw(foreign):
    result, _, code, decimals = foreign
    src = api.taxonomy_source()
    doc = layout(result.filing, src, src)
    blocks = [s for s in doc.sections if isinstance(s, Block)]
    money = [c for b in blocks for r in b.rows for c in r.cells if c is not None and c.fact.unit == code]
    assert money and {c.scale for c in money} == {-decimals}  # printed in millions (or thousands)
    cost = [c for c in money if c.fact.concept == "dis:CostOfSales" and c.tagged]
    assert cost and all(c.negative and c.text in ("1,800", "2,000") for c in cost)  # "(1,800 )" as printed
    assert any(b.unit_note.endswith(currencies_name(code)) for b in blocks)


def currencies_name(code: str) -> str:
    from disclose.units import currencies

    return currencies()[code].name
