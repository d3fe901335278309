"""What each page reads from the books, no wider than the page: one module per page (or list), each
returning plain dataclasses and dicts from the database (`SessionOrDb`; the server passes its URL).
Nothing here knows about HTTP or words: `planwatch.web.views` presents what these return.

What the command line needs as well lives in `planwatch.assess` (the ledgers in `assess/ledgers.py`).
"""
