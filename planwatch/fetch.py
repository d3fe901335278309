"""Fetching a document by URL: httpx with timeouts, a size limit and redirects.

The bytes go to the loader like a file's; the name given to the loader carries the format (an HTML page
without an extension becomes `….html`) and the charset of the Content-Type header is reported beside them
(`planwatch.ingest` decides what to do with it).
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from urllib.parse import unquote, urlsplit

import httpx

MAX_BYTES = 50 * 1024 * 1024
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
MAX_REDIRECTS = 5
USER_AGENT = "planwatch/0.1 (document reader)"

_SUFFIX_OF_TYPE = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
                   "application/pdf": ".pdf",
                   "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}


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


def fetch(url: str, *, max_bytes: int = MAX_BYTES, timeout: httpx.Timeout | float = TIMEOUT,
          client: httpx.Client | None = None) -> Fetched:
    """The body of `url`; raises `FetchError` on a network error, an HTTP error status or a body too large."""
    own = client is None
    client = client or httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=MAX_REDIRECTS,
                                    headers={"User-Agent": USER_AGENT})
    try:
        with client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}")
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(url, f"larger than the limit of {max_bytes} bytes ({declared} bytes)")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(url, f"larger than the limit of {max_bytes} bytes")
                chunks.append(chunk)
            content_type, charset = _content_type(response.headers.get("content-type"))
            final = str(response.url)
            return Fetched(b"".join(chunks), final, _name(final, content_type), content_type, charset)
    except httpx.TimeoutException:
        raise FetchError(url, "timed out") from None
    except httpx.TooManyRedirects:
        raise FetchError(url, f"more than {MAX_REDIRECTS} redirects") from None
    except httpx.HTTPError as err:
        raise FetchError(url, f"{type(err).__name__}: {err}") from None
    finally:
        if own:
            client.close()


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
