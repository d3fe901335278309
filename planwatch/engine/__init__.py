"""The reading engine: what a document says about itself, and the figures it states.

A pure function of the loaded text (no database, no network), in the order a document goes through it:

- `facts` (with the gazetteer `regions`): whose document it is, what it is, which years it reviews and plans;
- `normalize`: full-width → half-width, spaces, broken lines, through an offset map;
- `structure`, `tables`: parts (review / plan), sections, sentences, tables;
- `quantities`, `numbers`: number, magnitude, unit and comparator as one span;
- `extract`: the figures, each grounded in the text as loaded;
- `catalog` and `grammar/`: the indicators and every word the engine knows, as data.
"""
