"""Fetching a document by URL: httpx with timeouts, a total deadline, a size limit and redirects.

The bytes go to the loader like a file's; the name given to the loader carries the format (an HTML page
without an extension becomes `….html`) and the charset of the Content-Type header is reported beside them.
`read_url` does both steps, as `planwatch ingest` and `planwatch extract` read a URL.

httpx's timeouts bound each connect and each read; a server that sends a byte every few seconds never
trips them. `DEADLINE` bounds the whole fetch: when it passes, a watchdog shuts the connection's socket
down, which wakes the blocked read, and the fetch fails with "took longer than …".
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import posixpath
import re
import socket
import threading
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    import httpx

    from planwatch.models import Document

MAX_BYTES = 50 * 1024 * 1024
TIMEOUT = 30.0  # seconds for each read
CONNECT_TIMEOUT = 10.0
DEADLINE = 120.0  # seconds for the whole fetch: connect, redirects, headers and body
MAX_REDIRECTS = 5
USER_AGENT = "planwatch/0.1 (document reader)"

_SUFFIX_OF_TYPE = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
                   "application/pdf": ".pdf",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}
# charsets servers send by default, by mistake: the content is a better guide
_DEFAULT_CHARSETS = ("latin-1", "iso8859-1", "ascii", "cp1252")


class FetchError(Exception):
    """A URL that could not be fetched; the message names the URL and the reason."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclasses.dataclass(slots=True)
class Fetched:
    data: bytes
    url: str  # after redirects
    name: str  # a file name for the loader, with a suffix that says the format
    content_type: str | None
    charset: str | None


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


class _Watchdog:
    """Shuts the fetch's connection down when the deadline passes (see the module docstring).

    httpcore reports each connection it opens through the `trace` extension; the watchdog keeps the
    newest (after TLS, the TLS stream) and, at the deadline, shuts its socket down for reading and
    writing, which makes a read blocked in another thread return at once."""

    def __init__(self, seconds: float) -> None:
        self.expired = False
        self._stream: Any = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            with self._lock:
                self._stream = info.get("return_value")
                if self.expired:
                    self._shut()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            self._shut()

    def _shut(self) -> None:
        sock = self._stream.get_extra_info("socket") if self._stream is not None else None
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed
                pass


def fetch(url: str, *, max_bytes: int = MAX_BYTES, timeout: httpx.Timeout | float | None = None,
          deadline: float | None = None, client: httpx.Client | None = None) -> Fetched:
    """The body of `url`; raises `FetchError` on a network error, an HTTP error status, a body too large,
    or a fetch that takes longer than `deadline` seconds in all (default `DEADLINE`)."""
    import httpx  # imported here: commands that read no URL start without it

    deadline = DEADLINE if deadline is None else deadline
    timeout = httpx.Timeout(TIMEOUT, connect=CONNECT_TIMEOUT) if timeout is None else timeout
    own = client is None
    client = client or httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS,
                                    headers={"User-Agent": USER_AGENT})
    watchdog = _Watchdog(deadline)
    try:
        with watchdog, client.stream("GET", url, extensions={"trace": watchdog.trace}) as response:
            if response.status_code >= 400:
                raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(url, f"larger than the limit of {max_bytes} bytes ({declared} bytes)")
            chunks, size = [], 0
            for chunk in response.iter_bytes():  # decoded (gzip…): the limit is on the bytes produced
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(url, f"larger than the limit of {max_bytes} bytes")
                chunks.append(chunk)
            if watchdog.expired:  # the socket was shut down between two reads: the body may be cut
                raise FetchError(url, _too_long(deadline))
            content_type, charset = _content_type(response.headers.get("content-type"))
            final = str(response.url)
            return Fetched(b"".join(chunks), final, _name(final, content_type), content_type, charset)
    except httpx.TimeoutException:
        raise FetchError(url, _too_long(deadline) if watchdog.expired else "timed out") from None
    except httpx.TooManyRedirects:
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.HTTPError as err:
        if watchdog.expired:
            raise FetchError(url, _too_long(deadline)) from None
        raise FetchError(url, f"{type(err).__name__}: {err}") from None
    finally:
        if own:
            client.close()


def _too_long(deadline: float) -> str:
    return f"took longer than the {deadline:g} s deadline"


def read_url(url: str, **fetch_options: Any) -> Document:
    """Fetch and load a URL (raises `FetchError`, or `planwatch.load.LoadError` for what it serves).

    A charset in the Content-Type header wins over sniffing (the loader is handed the text as UTF-8 with
    a byte-order mark), unless it is the Western default servers send by mistake. `sha256` is of the
    bytes as fetched."""
    from planwatch.load import read_bytes

    fetched = fetch(url, **fetch_options)
    data, codec = fetched.data, header_codec(fetched.charset)
    if codec and codec != "utf-8":
        try:
            data = codecs.BOM_UTF8 + fetched.data.decode(codec).encode("utf-8")
        except UnicodeDecodeError:
            data, codec = fetched.data, None  # the header is wrong: let the content say
    document = read_bytes(data, fetched.name, url)
    document.sha256 = hashlib.sha256(fetched.data).hexdigest()
    if codec:
        document.encoding = codec
    return document


def header_codec(charset: str | None) -> str | None:
    """The Python codec of a Content-Type charset, None when unknown or a Western default."""
    if not charset:
        return None
    try:
        codec = codecs.lookup(charset).name
    except LookupError:
        return None
    return None if codec in _DEFAULT_CHARSETS else codec


def _content_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    media = header.split(";", 1)[0].strip().lower() or None
    match = re.search(r'charset\s*=\s*"?([\w.:-]+)', header, re.I)
    return media, match.group(1).lower() if match else None


def _name(url: str, content_type: str | None) -> str:
    parts = urlsplit(url)
    name = unquote(posixpath.basename(parts.path.rstrip("/"))) or parts.hostname or "document"
    suffix = _SUFFIX_OF_TYPE.get(content_type or "")
    if suffix and not name.lower().endswith(suffix) and not (suffix == ".html" and re.search(r"\.s?html?$", name, re.I)):
        name += suffix
    return name
