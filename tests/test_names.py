"""One naming rule for extension concepts and members, wherever their words were read."""
from __future__ import annotations

from disclose.names import element_name, member_name
from disclose.profile import profile_from_dict


def test_words_become_one_name_with_acronyms_kept():
    assert element_name("Loss on impairment of software") == "LossOnImpairmentOfSoftware"
    assert element_name("Dividends paid to non-controlling interests") == "DividendsPaidToNonControllingInterests"
    assert member_name("ATM operation business") == "ATMOperationBusinessMember"


def test_no_words_or_a_leading_digit_take_the_fallback():
    assert element_name("—") == "Item"
    assert element_name("2020 plan") == "Item2020Plan"
    assert member_name("5G") == "Segment5GMember"


def test_a_profile_segment_and_a_header_column_of_the_same_words_are_one_member():
    from disclose.text.tables import member_name as header_member  # the header reader's rule

    profile = profile_from_dict({"issuer": {"name": "X", "identifier": "1"}, "fiscal": {"year_end": "03-31"},
                                 "segments": [{"name": "ATM operation business"}]})
    assert profile.segments[0].member == header_member("ATM operation business") == "ATMOperationBusinessMember"
