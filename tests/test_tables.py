"""Tables found in text: what is looked for before a table is read."""

import re

from hypothesis import example, given, settings, strategies as st

from planwatch.engine.tables import _STACK_OPENING, _STACK_OPENING_LINE


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\n指标项目主要序号增长")), max_size=30))
@example("增长\n  主要指标")
@example("\t序号")
def test_the_opening_of_a_table_printed_one_cell_a_line_is_found_where_a_line_opens_with_it(text):
    """Looked for at the text's start and after each line break (a scan to each), it is found where a pattern
    opening with ^ under re.MULTILINE (tried at every character) finds it."""
    multiline = re.compile(r"(?m)^[ \t]*(?:指标|项目|主要指标|序号)")
    found = _STACK_OPENING.match(text) is not None or _STACK_OPENING_LINE.search(text) is not None
    assert found == (multiline.search(text) is not None)
