"""The books: target → result verdicts, scorecards, annex tables and comparisons across levels.

Pure functions over `FigureRecord` lists (what the store returns); no database here.
"""

from planwatch.assess.ledger import Key, Ledger
from planwatch.assess.rows import Entry, Rows
from planwatch.assess.verdicts import STATUSES, Step, Verdict, verdicts

__all__ = ["STATUSES", "Entry", "Key", "Ledger", "Rows", "Step", "Verdict", "verdicts"]
