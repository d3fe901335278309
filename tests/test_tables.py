"""Tables found in text: what is looked for before a table is read."""

from hypothesis import example, given, settings, strategies as st

from planwatch.engine.scan import at_line_starts
from planwatch.engine.tables import _STACK_OPENING


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(" \t\n指标项目主要序号增长")), max_size=30))
@example("增长\n  主要指标")
@example("\t序号")
def test_the_opening_of_a_table_printed_one_cell_a_line_is_found_where_a_line_opens_with_it(text):
    """Looked for at line starts alone, it is found where the pattern (^ under re.MULTILINE, tried at every
    character) finds it."""
    found = at_line_starts(_STACK_OPENING).finditer(text)
    assert [m.span() for m in found] == [m.span() for m in _STACK_OPENING.finditer(text)]
