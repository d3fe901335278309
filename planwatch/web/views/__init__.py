"""One module per page: each has the HTML page and its JSON twin under /api (datasette's way)."""
