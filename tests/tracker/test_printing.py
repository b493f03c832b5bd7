"""The print header names the active filters as users chose them."""

from django.http import QueryDict

from tracker.templatetags.printing import active_filters


def test_filters_are_named_and_page_moves_are_not_printed(county_a, period):
    params = QueryDict(f"area={county_a.pk}&period={period.pk}&kind=week&measure=per_thousand&page=3&sort=-rate")

    assert active_filters(params) == [("地区", "甲县"), ("截至期", period.label), ("周期", "周"), ("口径", "每千名党员")]


def test_a_value_that_names_nothing_is_printed_as_given(db):
    assert active_filters(QueryDict("area=99999&kind=fortnight")) == [("地区", "99999"), ("周期", "fortnight")]
