"""The statement's own arithmetic: which rows add up to which totals (#14)."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import given, strategies as st

from disclose.arithmetic import find_sums


def rows(*figures):
    return [tuple(None if v is None else Decimal(v) for v in r) for r in figures]


def test_nested_totals_sum_the_totals_below_them():
    r = rows((2000, 2100), (-1200, -1260), (800, 840), (300, 300), (1100, 1140))
    found = find_sums(r)
    assert found[2].items == (0, 1) and found[2].exact
    assert found[4].items == (2, 3)  # the net amount and land, not the gross amount again


def test_rounded_down_figures_may_miss_by_a_unit_per_item():
    r = rows((400, 448), (37, 33), (97, 115), (409, 405), (1172, 1281), (2119, 2286))
    assert 5 not in find_sums(r, "round")
    assert find_sums(r, "truncate")[5].items == (0, 1, 2, 3, 4)


def test_a_zero_row_above_a_section_is_not_drawn_into_it():
    r = rows((0, None), (0, None), (50, 48), (1, 2), (51, 50))
    assert find_sums(r)[4].items == (2, 3)


def test_a_total_and_a_row_of_zeros_is_no_sum():
    r = rows((1482, 1744), (0, 0), (1482, 1744))
    assert find_sums(r) == {}


@given(st.lists(st.lists(st.integers(1, 10**6), min_size=2, max_size=2), min_size=2, max_size=8))
def test_a_printed_total_of_its_items_is_found(items):
    # items printed largest first (no run of them adds up to a later one), after a row larger
    # than any: the total is the sum of exactly its items
    items = sorted(items, reverse=True)
    before = [10**7, 10**7]
    total = [sum(col) for col in zip(*items)]
    r = rows(before, *items, total)
    found = find_sums(r)
    assert found[len(r) - 1].items == tuple(range(1, len(items) + 1))
