"""One way to serve a file: Django's `FileResponse`, with a safe attachment file name.

`FileResponse` streams a file object in chunks and closes it when the response is closed,
sets `Content-Length` when the size is known and writes `Content-Disposition` with
`content_disposition_header` (quotes escaped, RFC 6266 `filename*=` for non-ASCII names).
`safe_filename` first reduces the name to a plain file name: no directory, no control
character, no quote or backslash, bounded length. Every view that serves a file (documents,
toolbox attachments, exports, conventions, minutes) goes through `file_response`.
"""

import io
import re
import unicodedata

from django.http import FileResponse

MAX_FILENAME_LENGTH = 150
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')


def safe_filename(name, *, default="fichier"):
    """A file name a browser saves as is: the last path component, NFC, without control or
    reserved characters, leading dots or surrounding blanks, at most `MAX_FILENAME_LENGTH`
    characters (the extension kept)."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = re.split(r"[\\/]", text)[-1]
    text = _UNSAFE.sub("_", text)
    text = " ".join(text.split()).strip(" .")
    if not text:
        return default
    if len(text) > MAX_FILENAME_LENGTH:
        stem, dot, extension = text.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            text = f"{stem[: MAX_FILENAME_LENGTH - len(extension) - 1]}.{extension}"
        else:
            text = text[:MAX_FILENAME_LENGTH]
    return text


def file_response(
    content,
    *,
    filename,
    content_type,
    private=False,
    sandbox=False,
):
    """A download of `content` (bytes, or a binary file object FileResponse closes) as an
    attachment named `filename`. `private`: never cached (`Cache-Control: private, no-store`);
    `sandbox`: a user-supplied file, served with a CSP that runs nothing if opened inline."""
    if isinstance(content, bytes | bytearray):
        content = io.BytesIO(content)
    response = FileResponse(
        content,
        as_attachment=True,
        filename=safe_filename(filename),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    if private:
        response["Cache-Control"] = "private, no-store"
    if sandbox:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class _StoredFile:
    """A stored file opened at the first read (when the response is consumed, not when the
    view returns it) and closed by the response."""

    def __init__(self, storage, name):
        self._storage, self._name = storage, name
        self._handle, self._closed = None, False

    def read(self, size=-1):
        if self._closed:
            return b""
        if self._handle is None:
            self._handle = self._storage.open(self._name, "rb")
        return self._handle.read(size)

    def close(self):
        self._closed = True
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def stored_file_response(field_file, **kwargs):
    """A stored file (a `FileField` value), streamed: opened only when the response is
    read, always closed."""
    storage, name = field_file.storage, field_file.name
    response = file_response(_StoredFile(storage, name), **kwargs)
    response["Content-Length"] = str(storage.size(name))
    return response
