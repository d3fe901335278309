"""The engine's bisection of sorted offsets answers as the standard library's does."""

import bisect

from hypothesis import given, strategies as st

from planwatch.engine.bisection import bisect_left, bisect_right


@given(st.lists(st.integers(-5, 40), max_size=30).map(sorted), st.integers(-8, 45))
def test_bisection_finds_where_the_standard_library_does(offsets, x):
    assert bisect_left(offsets, x) == bisect.bisect_left(offsets, x)
    assert bisect_right(offsets, x) == bisect.bisect_right(offsets, x)


@given(st.lists(st.integers(-5, 40), max_size=30).map(sorted), st.integers(-8, 45), st.integers(0, 30), st.integers(0, 30))
def test_bisection_in_a_slice_finds_where_the_standard_library_does(offsets, x, lo, hi):
    lo, hi = min(lo, len(offsets)), min(max(lo, hi), len(offsets))
    assert bisect_left(offsets, x, lo, hi) == bisect.bisect_left(offsets, x, lo, hi)
    assert bisect_right(offsets, x, lo, hi) == bisect.bisect_right(offsets, x, lo, hi)


def test_equal_offsets_are_passed_by_bisect_right_only():
    assert (bisect_left([3, 5, 5, 5, 9], 5), bisect_right([3, 5, 5, 5, 9], 5)) == (1, 4)
    assert (bisect_left([], 1), bisect_right([], 1)) == (0, 0)


@given(st.lists(st.integers(-5, 40), max_size=40).map(sorted), st.integers(-8, 45), st.integers(-3, 45))
def test_bisection_from_a_guess_finds_where_the_standard_library_does(offsets, x, near):
    from planwatch.engine.bisection import bisect_left_near, bisect_right_near

    assert bisect_left_near(offsets, x, near) == bisect.bisect_left(offsets, x)
    assert bisect_right_near(offsets, x, near) == bisect.bisect_right(offsets, x)
