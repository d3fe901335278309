"""The headers of downloaded tables in the page's language: Chinese (`[columns]` of `strings.toml`) by
default, the field names in English. A flattened column (target_value) reads as its prefix and its
field (目标_数值)."""

from __future__ import annotations

from planwatch.web.i18n import strings


def column_name(column: str, lang: str) -> str:
    """`column` as a header in `lang`: its own name, else its longest named prefix's and the rest's."""
    if lang != "zh":
        return column
    names = strings().get("columns", {})
    if column in names:
        return names[column]
    parts = column.split("_")
    for cut in range(len(parts) - 1, 0, -1):
        prefix, rest = "_".join(parts[:cut]), "_".join(parts[cut:])
        if prefix in names:
            return f"{names[prefix]}_{column_name(rest, lang)}"
    return column
