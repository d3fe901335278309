"""HTML pages: the page's text without its chrome, one line per block, tables as `cell | cell |` rows.

Government pages put the whole report in one `<div>` of `<p>`s, wrapped in a header, navigation,
breadcrumbs, sidebars of links and a footer. Rather than guess where the report is (and risk losing
paragraphs), the renderer keeps the whole body and leaves out what is known to be chrome:

- elements that never hold the report's text: scripts, styles, forms' controls, `nav`, `aside`,
  `footer`, a `header` outside an `article`/`main`;
- elements whose class, id or ARIA role names them navigation, menu, breadcrumbs, sidebar, share bar,
  header or footer;
- link lists: elements whose text is mostly link text.

An element holding half of the page's text or more is never left out, whatever it is called. Hidden
elements are kept: pages that fold a long report behind "阅读全文" hide the rest of it.

Lines: block elements (`p`, `div`, `li`, `h1`…`h6`, table cells of layout tables…) and `<br>` end a
line; whitespace inside a line collapses as a browser collapses it, and a line break in the source
between two Chinese characters disappears (CSS Text 3 segment-break rule; Word-exported pages wrap
their source lines mid-sentence). A data table renders each row as one line (see `tables`); a table
that holds other tables or long passages is a layout table and renders as ordinary blocks.

`meta` gets `title`, `site`, `published` (as written) and `footer` — the footer is not part of the text,
but it often names the government that runs the site (`XX市人民政府办公室 主办`).
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from selectolax.lexbor import LexborHTMLParser, LexborNode

from planwatch.load.base import Extracted
from planwatch.load.errors import Unreadable
from planwatch.load.tables import SpanCell, cell_text, fill_spans, render_rows
from planwatch.load.text import BOMS, Decoded, decode_text, looks_like_text

# ----------------------------------------------------------------------------------------- decoding

CHARSET_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9._:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9._:\-]+)""", re.IGNORECASE)
_GB_LABELS = {
    "gb2312", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "gb_2312", "gb_2312-80", "csgb2312", "chinese",
}  # fmt: skip
# Labels that Chinese sites set by mistake (or that say nothing): better to sniff the bytes.
_IGNORED_LABELS = {
    "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252",
}  # fmt: skip


def decode_html(data: bytes) -> Decoded:
    """A byte-order mark, else the charset the page declares (if the bytes agree), else sniffing."""
    if not any(data.startswith(bom) for bom, _ in BOMS):
        codec = declared_charset(data[:CHARSET_SNIFF_BYTES])
        if codec:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                pass  # mislabelled page (a GBK page declaring utf-8 is common): sniff instead
            else:
                if looks_like_text(text):
                    return Decoded(text.replace("\r\n", "\n").replace("\r", "\n"), codec)
    return decode_text(data)


def declared_charset(head: bytes) -> str | None:
    """The Python codec for the page's `<meta charset>` / `http-equiv` / XML declaration, if usable."""
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii").lower()
    if label in _GB_LABELS:
        return "gb18030"
    if label in _IGNORED_LABELS or label.startswith(("utf-16", "utf16")):
        return None  # a page that is really UTF-16 starts with a BOM
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


# ------------------------------------------------------------------------------------------ reading


def read_html(data: bytes) -> Extracted:
    decoded = decode_html(data)
    tree = LexborHTMLParser(flatten_deep_nesting(decoded.text))
    meta = page_meta(tree) | decoded.meta
    lines: list[str] = []
    if tree.body is not None:
        renderer = _Renderer(tree.body)
        lines = renderer.render(tree.body, prune=True)
        if renderer.footer:
            meta["footer"] = "\n".join(renderer.footer)
    if not any(lines):
        raise Unreadable("the page has no text")
    return Extracted(text="\n".join(lines), meta=meta, encoding=decoded.encoding)


# ------------------------------------------------------------------------------------ deep nesting

# The HTML parsing algorithm looks through the stack of open elements at each start tag, so its time
# grows with the square of the nesting depth (100,000 nested <div>s: minutes). Like Blink, which stops
# nesting at 512, elements deeper than MAX_DEPTH are not opened: their tags are dropped, a block
# element's replaced by <br> so that its text still ends a line. Pages within the depth are unchanged.
MAX_DEPTH = 512
VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
}  # fmt: skip
# elements that close themselves (an unclosed <p> or <li> does not nest the next one)
OPTIONAL_END_TAGS = {
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
    "caption", "rb", "rt", "rp", "html", "head", "body",
}  # fmt: skip
_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"  # comments, skipped
    r"|<(script|style|textarea|title)\b[^>]*>.*?(?:</\1\s*>|\Z)"  # raw text, skipped
    r"|<(/?)([a-zA-Z][a-zA-Z0-9:-]*)\b[^>]*?(/?)>",
    re.S | re.I,
)


def flatten_deep_nesting(html: str, max_depth: int = MAX_DEPTH) -> str:
    """`html` with the elements nested deeper than `max_depth` not opened (see above); in linear time."""
    if html.count("<") <= max_depth:
        return html
    stack: list[tuple[str, bool]] = []  # open elements: (name, kept)
    open_names: dict[str, int] = {}
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) of dropped tags
    for match in _TAG.finditer(html):
        name = (match.group(3) or "").lower()
        if not name or name in VOID_TAGS or name in OPTIONAL_END_TAGS or match.group(4):
            continue
        if not match.group(2):  # a start tag
            kept = len(stack) < max_depth
            stack.append((name, kept))
            open_names[name] = open_names.get(name, 0) + 1
        elif open_names.get(name):  # an end tag closes its element and any left open inside it
            while True:
                closed, kept = stack.pop()
                open_names[closed] -= 1
                if closed == name:
                    break
        else:
            continue  # a stray end tag: the parser ignores it too
        if not kept:
            edits.append((match.start(), match.end(), "<br>" if name in BLOCK_TAGS else ""))
    if not edits:
        return html
    pieces, last = [], 0
    for start, end, replacement in edits:
        if start > last or not pieces or pieces[-1] != replacement:  # one <br> for a run of dropped tags
            pieces += [html[last:start], replacement]
        last = end
    pieces.append(html[last:])
    return "".join(pieces)


_TITLE_KEYS = ("articletitle", "og:title")
_SITE_KEYS = ("og:site_name", "sitename", "site_name", "site", "application-name")
_PUBLISHED_KEYS = (
    "pubdate",
    "publishdate",
    "publish_date",
    "publishtime",
    "article:published_time",
    "og:release_date",
    "firstpublishedtime",
    "dc.date",
    "dcterms.issued",
    "date",
)


def page_meta(tree: LexborHTMLParser) -> dict[str, str]:
    """`title`, `site` and `published` from `<title>` and `<meta>` (first match wins, as written)."""
    metas: dict[str, str] = {}
    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("name") or attrs.get("property") or attrs.get("itemprop") or "").strip().lower()
        content = cell_text(attrs.get("content") or "")
        if key and content:
            metas.setdefault(key, content)
    title_node = tree.css_first("title")
    found = {
        "title": cell_text(title_node.text()) if title_node is not None else "",
        "site": "",
        "published": "",
    }
    for field, keys in (("title", _TITLE_KEYS), ("site", _SITE_KEYS), ("published", _PUBLISHED_KEYS)):
        if not found[field]:
            found[field] = next((metas[k] for k in keys if k in metas), "")
    return {k: v for k, v in found.items() if v}


# ---------------------------------------------------------------------------------------- rendering

# Elements whose content is never the report's text.
NEVER_TEXT = {
    "head", "title", "meta", "link", "script", "style", "noscript", "template", "iframe", "object",
    "embed", "svg", "canvas", "map", "button", "select", "option", "input", "textarea",
}  # fmt: skip
CHROME_TAGS = {"nav", "aside", "footer", "header"}
CHROME_ROLES = {"navigation", "banner", "complementary", "contentinfo", "search", "menu", "menubar"}
CHROME_WORDS = {
    "nav", "navbar", "navigation", "menu", "submenu", "breadcrumb", "breadcrumbs", "crumb", "crumbs",
    "position", "location", "sidebar", "share", "toolbar", "header", "topbar", "banner", "search",
    "login", "skip", "footer", "foot", "bottom", "copyright",
}  # fmt: skip
FOOTER_WORDS = {"footer", "foot", "bottom", "copyright"}
LINK_LIST_TAGS = {"div", "ul", "ol", "dl", "section", "table", "td", "p", "span", "li", "center"}
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip

LINK_LIST_SHARE = 0.5  # an element whose text is more than half link text is a list of links
KEEP_SHARE = 0.5  # an element with at least this share of the page's text is never left out
LAYOUT_CELL_CHARS = 500  # a table cell this long means the table lays out the page

_WORD_SPLIT = re.compile(r"[\s_\-]+")
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")


class _Renderer:
    def __init__(self, body: LexborNode) -> None:
        self.sizes = _measure(body)
        self.page_chars = self.sizes.get(body.mem_id, (0, 0))[0]
        self.footer: list[str] = []

    def render(self, root: LexborNode, *, prune: bool) -> list[str]:
        """The lines of `root`; `prune` leaves out chrome (see the module docstring)."""
        out = _Lines()
        stack: list[tuple[LexborNode, bool]] = [(root, False)]
        while stack:  # iterative: badly nested pages can be deeper than Python's recursion limit
            node, leaving = stack.pop()
            if leaving:
                out.end_line()
                continue
            tag = node.tag or ""
            if tag == "-text":
                out.add(node.text_content or "")
                continue
            if tag.startswith("-") or tag in NEVER_TEXT:  # comments, doctype
                continue
            if prune and node is not root and self._is_chrome(node):
                continue
            if tag == "br":
                out.end_line()
                continue
            if tag == "table" and self._is_data_table(node):
                out.end_line()
                out.lines.extend(self._table_lines(node))
                continue
            if tag in BLOCK_TAGS:
                out.end_line()
                stack.append((node, True))
            stack.extend((child, False) for child in reversed(list(node.iter(include_text=True))))
        out.end_line()
        return out.lines

    def _is_chrome(self, node: LexborNode) -> bool:
        chars, link_chars = self.sizes.get(node.mem_id, (0, 0))
        if chars == 0 or chars >= KEEP_SHARE * self.page_chars:
            return False
        tag = node.tag or ""
        attrs = node.attributes
        words = set(_WORD_SPLIT.split(f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()))
        role = (attrs.get("role") or "").lower()
        if tag == "header" and _inside_article(node):
            return False
        if tag in CHROME_TAGS or role in CHROME_ROLES or words & CHROME_WORDS:
            if tag == "footer" or role == "contentinfo" or words & FOOTER_WORDS:
                self.footer.extend(self.render(node, prune=False))
            return True
        return tag in LINK_LIST_TAGS and link_chars > LINK_LIST_SHARE * chars

    def _is_data_table(self, table: LexborNode) -> bool:
        if len(table.css("table")) > 1:  # css() matches the table itself too
            return False
        cells = table.css("td, th")
        if len(cells) <= 1:
            return False
        return all(self.sizes.get(cell.mem_id, (0, 0))[0] <= LAYOUT_CELL_CHARS for cell in cells)

    def _table_lines(self, table: LexborNode) -> list[str]:
        lines = []
        caption = table.css_first("caption")
        if caption is not None:
            lines.append(cell_text(" ".join(self.render(caption, prune=False))))
        rows = [
            [
                SpanCell(
                    text=cell_text(" ".join(self.render(cell, prune=False))),
                    cols=_span(cell.attributes.get("colspan")),
                    rows=_span(cell.attributes.get("rowspan"), zero_means_rest=True),
                )
                for cell in tr.iter()
                if cell.tag in ("td", "th")
            ]
            for tr in table.css("tr")
        ]
        return [line for line in lines if line] + render_rows(fill_spans(rows))


def _span(value: str | None, *, zero_means_rest: bool = False) -> int:
    """A colspan/rowspan attribute as browsers read it: leading digits, else 1; rowspan=0 runs to the end."""
    match = re.match(r"\s*(\d+)", value or "")
    if not match:
        return 1
    n = int(match.group(1))
    return n or (0 if zero_means_rest else 1)


def _inside_article(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in ("article", "main"):
            return True
        parent = parent.parent
    return False


def _measure(root: LexborNode) -> dict[int, tuple[int, int]]:
    """For every element under `root`: (visible characters, characters inside links), spaces not counted."""
    sizes: dict[int, tuple[int, int]] = {}
    stack: list[tuple[LexborNode, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            stack.append((node, True))
            stack.extend((child, False) for child in node.iter() if child.tag not in NEVER_TEXT)
            continue
        chars = links = 0
        for child in node.iter(include_text=True):
            if child.tag == "-text":
                chars += _visible_chars(child.text_content or "")
            elif child.mem_id in sizes:
                child_chars, child_links = sizes[child.mem_id]
                chars += child_chars
                links += child_links
        sizes[node.mem_id] = (chars, chars if node.tag == "a" else links)
    return sizes


def _visible_chars(text: str) -> int:
    return sum(map(len, text.split()))


class _Lines:
    """Collects inline text into lines, collapsing whitespace as a browser does."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._pieces: list[str] = []

    def add(self, text: str) -> None:
        self._pieces.append(text)

    def end_line(self) -> None:
        if self._pieces:
            line = collapse_whitespace("".join(self._pieces))
            self._pieces.clear()
            if line:
                self.lines.append(line)


def collapse_whitespace(text: str) -> str:
    """Runs of HTML whitespace become one space, or nothing when a line break in the run stands between
    two wide (Chinese) characters; the line is stripped (ideographic and no-break spaces included)."""

    def replace(match: re.Match[str]) -> str:
        run = match.group()
        if "\n" in run or "\r" in run:
            start, end = match.start(), match.end()
            if start > 0 and end < len(text) and _is_wide(text[start - 1]) and _is_wide(text[end]):
                return ""
        return " "

    return _COLLAPSIBLE.sub(replace, text).strip()


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F", "H") and not _is_hangul(ch)


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f"
