"""The books: target → result verdicts, scorecards, annex tables and comparisons across levels.

Pure functions over `FigureRecord` lists (what the store returns); no database here.

    from planwatch import store
    from planwatch.assess import annex, compare, scorecard

    records = store.figures()                      # every figure: verdicts need the context
    card = scorecard(records, region="九原区")      # Rows[Verdict]: .to_dicts(), .to_dataframe()
    table = annex(records, "九原区", 2024)          # Annex: .to_markdown(), .to_xlsx(path)
    levels = compare(records, 2024)                # Rows[Comparison]
"""

from planwatch.assess.annex import Annex, AnnexRow, annex
from planwatch.assess.compare import Comparison, compare
from planwatch.assess.ledger import Key, Ledger
from planwatch.assess.rows import Entry, Rows
from planwatch.assess.scorecard import counts, scorecard
from planwatch.assess.verdicts import STATUSES, Step, Verdict, judge, verdicts

__all__ = ["STATUSES", "Annex", "AnnexRow", "Comparison", "Entry", "Key", "Ledger", "Rows", "Step", "Verdict",
           "annex", "compare", "counts", "judge", "scorecard", "verdicts"]
