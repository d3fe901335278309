"""Synthetic development-plan reports with invented places and figures, for scale tests and benchmarks.

`generate(n, seed)` yields `SyntheticReport`s, each with the catalog figures it states (in the gold schema);
`report` is the generator, `phrases` its phrasings as data. `python -m planwatch.synth --n 100 --out DIR`
writes them to a folder.
"""

from planwatch.synth.report import SyntheticReport, World, generate, write

__all__ = ["SyntheticReport", "World", "generate", "write"]
