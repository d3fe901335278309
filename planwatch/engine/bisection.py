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
