"""Minimal OpenDocument texts written by hand, as a word processor would save them."""

import io
import zipfile

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def content_xml(body: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS} '
        f'office:version="1.2"><office:body><office:text>{body}</office:text></office:body>'
        "</office:document-content>"
    )


def styles_xml(footer: str = "") -> str:
    master = (
        '<office:master-styles><style:master-page style:name="Standard">'
        f"<style:footer>{footer}</style:footer></style:master-page></office:master-styles>"
        if footer
        else ""
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {NS} '
        f'office:version="1.2">{master}</office:document-styles>'
    )


def odt(
    body: str,
    *,
    footer: str = "",
    mimetype="application/vnd.oasis.opendocument.text",
    content=None,
    extra=None,
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "content.xml",
            content if content is not None else content_xml(body),
            compress_type=zipfile.ZIP_DEFLATED,
        )
        archive.writestr("styles.xml", styles_xml(footer), compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", MANIFEST, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def paragraph(text: str) -> str:
    return f"<text:p>{text}</text:p>"
