"""Bisection of sorted lists of offsets: `bisect.bisect_left` and `bisect.bisect_right` for lists of ints.

The engine looks up where an offset falls (the cue words before a figure, the quantities of a clause, the
section a sentence is in) some ten thousand times a document. Compiled with the engine (mypyc), these loops
compare machine integers and take half the time of the standard library's, which compares Python objects
through their rich comparison; as plain Python they are slower than the library's, and give the same answers.
"""

from __future__ import annotations


def bisect_left(a: list[int], x: int, lo: int = 0, hi: int = -1) -> int:
    """Where `x` would go in the sorted list `a` (in a[lo:hi], `hi` -1: its end), before any equal to it."""
    if hi < 0:
        hi = len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


def bisect_right(a: list[int], x: int, lo: int = 0, hi: int = -1) -> int:
    """Where `x` would go in the sorted list `a` (in a[lo:hi], `hi` -1: its end), after any equal to it."""
    if hi < 0:
        hi = len(a)
    while lo < hi:
        mid = (lo + hi) // 2
        if x < a[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


def bisect_left_near(a: list[int], x: int, near: int) -> int:
    """`bisect_left(a, x)`, looked for from index `near` out by steps that double: in time logarithmic in how far
    the answer lies from it (the offsets a document is read at come in order, each near the one before)."""
    n = len(a)
    near = min(max(near, 0), n)
    step = 1
    if near < n and a[near] < x:  # after `near`: a[lo - 1] < x all along
        lo = near + 1
        while lo + step - 1 < n and a[lo + step - 1] < x:
            lo += step
            step *= 2
        return bisect_left(a, x, lo, min(lo + step - 1, n))
    hi = near  # at or before `near`: a[hi] >= x all along (or hi is the end)
    while hi - step >= 0 and a[hi - step] >= x:
        hi -= step
        step *= 2
    return bisect_left(a, x, max(hi - step + 1, 0), hi)


def bisect_right_near(a: list[int], x: int, near: int) -> int:
    """`bisect_right(a, x)`, looked for from index `near` out (`bisect_left_near`)."""
    n = len(a)
    near = min(max(near, 0), n)
    step = 1
    if near < n and a[near] <= x:
        lo = near + 1
        while lo + step - 1 < n and a[lo + step - 1] <= x:
            lo += step
            step *= 2
        return bisect_right(a, x, lo, min(lo + step - 1, n))
    hi = near
    while hi - step >= 0 and a[hi - step] > x:
        hi -= step
        step *= 2
    return bisect_right(a, x, max(hi - step + 1, 0), hi)
