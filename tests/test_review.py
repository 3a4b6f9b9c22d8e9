"""The review page (<stem>-review.html): each fact marked once where it is printed, every link
pointing at a line that exists, a changed figure's error linked to its line. Read as HTML here;
tests/test_browser.py opens it in Chromium."""
from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date

from lxml import etree, html

from disclose.model import Fact, Period, Provenance
from disclose.writers.review import place

STEM = "iij-1h-fy2020"
XBRLI = "http://www.xbrl.org/2003/instance"
NOT_FACTS = {"context", "unit", "schemaRef"}


def instance_fact_ids(path) -> list[str]:
    root = etree.parse(str(path)).getroot()
    return [el.get("id") for el in root if isinstance(el.tag, str) and etree.QName(el).localname not in NOT_FACTS]


def page(folder, stem):
    return html.parse(str(folder / f"{stem}-review.html")).getroot()


def test_sample_review_marks_every_fact_of_the_instance_once(sample_build):
    doc = page(sample_build.out_dir, STEM)
    marked = doc.xpath("//*[@data-fact and @data-line]")
    ids = instance_fact_ids(sample_build.instance)
    assert len(ids) == len(sample_build.filing.facts) > 500
    assert Counter(el.get("data-fact") for el in marked) == Counter(ids)
    facts = {f.id: f for f in sample_build.filing.facts}
    for el in marked:
        fact = facts[el.get("data-fact")]
        line = el.getparent().getparent()
        assert line.get("id") == f"L{el.get('data-line')}" == f"L{fact.provenance.line}"
        # placed on the figure as printed, not beside it
        assert "unplaced" not in el.get("class")
        assert el.text_content().split() == fact.provenance.text.split() or \
            "".join(el.text_content().split()) == "".join(fact.provenance.text.split())


def test_every_line_link_points_to_a_line_that_exists(sample_build, mutated_build):
    for folder, stem in ((sample_build.out_dir, STEM), (mutated_build[1], "changed")):
        doc = page(folder, stem)
        lines = {el.get("id") for el in doc.xpath("//div[@class='line' or @class='line bad']")}
        assert len(lines) >= 300 and all(re.fullmatch(r"L\d+", i) for i in lines)
        links = [a.get("href")[1:] for a in doc.xpath("//a[starts-with(@href, '#L')]")]
        assert links and set(links) <= lines
        ids = {el.get("id") for el in doc.xpath("//*[@id]")}
        assert {a.get("href")[1:] for a in doc.xpath("//a[starts-with(@href, '#')]")} <= ids
        for item in doc.xpath("//li[contains(@class, 'finding')]"):
            assert {f"L{n}" for n in item.get("data-lines").split()} <= lines


def test_changed_figure_fails_and_its_error_links_to_the_changed_line(mutated_build):
    code, out, line, figure = mutated_build
    assert code == 1
    report = json.loads((out / "changed-report.json").read_text(encoding="utf-8"))
    assert not report["valid"]
    doc = page(out, "changed")
    [el] = [e for e in doc.xpath(f"//div[@id='L{line}']//a[@data-fact]")
            if re.findall(r"\d[\d,.]*", e.text_content()) == [figure]]
    assert "bad" in el.get("class").split()
    errors = [i for i in doc.xpath("//section[@id='messages']//li[contains(@class, 'sev-error')]")
              if el.get("data-fact") in i.get("data-facts").split()]
    assert errors
    for item in errors:
        assert str(line) in item.get("data-lines").split()
        assert item.xpath(f".//a[@href='#L{line}']")
    assert "bad" in doc.xpath(f"//div[@id='L{line}']")[0].get("class")
    detail = doc.xpath(f"//section[@id='fact-{el.get('data-fact')}']")[0].text_content()
    assert "failed" in detail
    clean = doc.xpath("//section[contains(@class, 'fact-detail') and not(contains(@class, 'bad'))]")
    assert clean and all("failed" not in s.text_content() for s in clean)


def _fact(text: str, line: int = 1) -> Fact:
    return Fact("dis:X", Period(date(2020, 9, 30)), None, None, None,
                provenance=Provenance(line, text=text), id=text)


def test_place_finds_each_figure_where_printed_and_keeps_the_text():
    line = "Total 1,234 (1,234 ) 1,234 JPY5.2 billion 12"
    facts = [_fact("1,234"), _fact("(1,234 )"), _fact("JPY5.2 billion"), _fact("1,234"), _fact("9,999")]
    parts, left = place(line, facts)
    assert "".join(t for t, _ in parts) == line
    assert [(t, f.id) for t, f in parts if f] == [("1,234", "1,234"), ("(1,234 )", "(1,234 )"), ("1,234", "1,234"),
                                                 ("JPY5.2 billion", "JPY5.2 billion")]
    assert [f.id for f in left] == ["9,999"]
    # joined tokens printed with other spacing, and a figure whose text differs: its digits
    parts, left = place("Cost △ 567 and (89\t)", [_fact("△567"), _fact("(89 )"), _fact("JPY567")])
    assert [t for t, f in parts if f] == ["△ 567", "(89\t)"] and [f.id for f in left] == ["JPY567"]
    parts, left = place("paid 567 only", [_fact("JPY567")])
    assert [t for t, f in parts if f] == ["567"] and not left


def test_place_puts_a_repeated_figure_in_its_own_row():
    """One line, several rows that print the same figure: each fact goes after its own row label,
    whatever order the facts come in."""
    line = "Transfer to retained earnings - 1,543 (1,543 ) Total transactions 11,909 (1,543 ) Balance 25,530"
    total = Fact("dis:T", Period(date(2020, 9, 30)), None, None, None,
                 provenance=Provenance(1, "Total transactions", text="(1,543 )"), id="total")
    transfer = Fact("dis:X", Period(date(2020, 9, 30)), None, None, None,
                    provenance=Provenance(1, "Transfer to retained earnings", text="(1,543 )"), id="transfer")
    parts, left = place(line, [total, transfer])
    assert not left
    at = {f.id: line.index(t, sum(len(x) for x, _ in parts[:i])) for i, (t, f) in enumerate(parts) if f}
    assert at["transfer"] < line.index("Total") < at["total"]
