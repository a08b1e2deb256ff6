"""Fill an OpenDocument text template (`.odt`) with a context of plain values.

A template is an ordinary document written in LibreOffice or Word (saved as ODT) in which the
legal team types fields as ``{{ nom_du_champ }}``. Rendering replaces each field by its value,
XML-escaped, and keeps every other byte of the document (styles, logos, headers, footers).
A value that is a list becomes one line per item.

No template language runs here: a field is a name, nothing else (no filters, no code), so a
template uploaded through the web cannot reach anything but the values it is given.

Word processors sometimes split what the author typed in one go into several runs
(``{{ com<text:span …>mune</text:span> }}``) after a correction or a change of formatting
inside the field. Such a field is still found: its name is read from the text alone, and the
value takes the place of the field's text while every tag inside it is kept, so the document's
structure never changes.

Every read is bounded: the archive's size, its number of entries, each entry's expanded size
(the zip bomb guard), and XML with a DOCTYPE (entity expansion) is refused.
"""

import io
import re
import zipfile
from html import escape
from xml.etree import ElementTree

ODT_MIMETYPE = "application/vnd.oasis.opendocument.text"
MAX_ARCHIVE_BYTES = 20 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_EXPANDED_BYTES = 100 * 1024 * 1024
MAX_XML_BYTES = 20 * 1024 * 1024
# The parts of an ODT that hold text a reader sees: the body, headers and footers.
TEXT_PARTS = ("content.xml", "styles.xml")
NAME = re.compile(r"[a-z][a-z0-9_]{0,59}")
# Two braces, possibly separated by tags; the field; two braces, possibly separated by tags.
# Bounded (at most 400 characters between the braces) so that a stray "{{" cannot swallow a
# whole document.
FIELD = re.compile(r"\{(?:<[^<>]{0,300}>)*\{(?P<inner>[^{}]{0,400}?)\}(?:<[^<>]{0,300}>)*\}")
TAG = re.compile(r"<(/?)([A-Za-z_][\w.:-]*)[^<>]*?(/?)>")


class TemplateError(ValueError):
    """A template that cannot be used, with a French message for its author."""


def _read_archive(data: bytes) -> dict[str, bytes]:
    if len(data) > MAX_ARCHIVE_BYTES:
        raise TemplateError(
            f"Le modèle dépasse {MAX_ARCHIVE_BYTES // (1024 * 1024)} Mo : allégez ses images."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise TemplateError(
            "Ce fichier n’est pas un document OpenDocument (.odt) : enregistrez-le au format "
            "ODT depuis LibreOffice ou Word."
        ) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise TemplateError("Le document contient trop d’éléments pour être un modèle.")
        expanded = 0
        parts = {}
        for info in infos:
            expanded += info.file_size
            if expanded > MAX_EXPANDED_BYTES:
                raise TemplateError("Le document décompressé est trop volumineux.")
            with archive.open(info) as handle:
                # Read one byte more than declared: a lying header cannot expand further.
                content = handle.read(info.file_size + 1)
            if len(content) > info.file_size:
                raise TemplateError("Le document est endommagé (taille annoncée inexacte).")
            parts[info.filename] = content
    if parts.get("mimetype", b"").strip() != ODT_MIMETYPE.encode():
        raise TemplateError(
            "Ce document n’est pas un texte OpenDocument (.odt) : un tableur, une présentation "
            "ou un autre format ne peut pas servir de modèle."
        )
    if "content.xml" not in parts:
        raise TemplateError("Le document est endommagé : son contenu (content.xml) manque.")
    return parts


def _check_xml(name: str, xml: bytes) -> None:
    if len(xml) > MAX_XML_BYTES:
        raise TemplateError("Le texte du document est trop volumineux.")
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise TemplateError("Le document contient une déclaration XML refusée (DOCTYPE).")
    try:
        ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise TemplateError(f"Le document est endommagé ({name} illisible).") from exc


def _visible(fragment: str) -> str:
    text = TAG.sub("", fragment)
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def _fields(xml: str):
    """Yield (name or None, text) for every ``{{ … }}`` of an XML part."""
    for match in FIELD.finditer(xml):
        name = _visible(match.group("inner")).strip()
        yield (name if NAME.fullmatch(name) else None), _visible(match.group(0))


def fields_of(data: bytes) -> list[str]:
    """The field names a template uses, in order of first appearance.

    Raises TemplateError for an unreadable document and for a field whose name is not a
    plain name."""
    parts = _read_archive(data)
    names = []
    for part in TEXT_PARTS:
        if part not in parts:
            continue
        _check_xml(part, parts[part])
        xml = parts[part].decode("utf-8")
        for name, shown in _fields(xml):
            if name is None:
                raise TemplateError(
                    f"Champ « {shown[:80]} » invalide : un champ s’écrit {{{{ nom_du_champ }}}} "
                    "(lettres minuscules sans accent, chiffres et _)."
                )
            if name not in names:
                names.append(name)
    return names


def _value_xml(value) -> str:
    if isinstance(value, list | tuple):
        return "<text:line-break/>".join(escape(str(item), quote=False) for item in value)
    return escape(str(value), quote=False).replace("\n", "<text:line-break/>")


def render(data: bytes, context: dict) -> bytes:
    """The template with every field replaced by its value from `context`.

    A field missing from the context raises TemplateError (a template is checked against
    the fields of its kind at upload, so this means a programming error, never a user's)."""
    fields_of(data)  # every check of the upload, again: a stored file may be an old one
    parts = _read_archive(data)

    def replace(match):
        name = _visible(match.group("inner")).strip()
        if name not in context:
            raise TemplateError(f"Champ « {name} » sans valeur.")
        # The value replaces the field's text; the tags inside the field stay, in order, so
        # that a run opened before the field and closed inside it is still closed.
        tags = "".join(tag.group(0) for tag in TAG.finditer(match.group(0)))
        return _value_xml(context[name]) + tags

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        # ODF requires the mimetype first and stored uncompressed.
        archive.writestr(
            zipfile.ZipInfo("mimetype"), parts.pop("mimetype"), compress_type=zipfile.ZIP_STORED
        )
        for name, content in parts.items():
            if name in TEXT_PARTS:
                content = FIELD.sub(replace, content.decode("utf-8")).encode("utf-8")
                _check_xml(name, content)
            archive.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return output.getvalue()


def text_of(data: bytes) -> str:
    """The visible text of an ODT's body, paragraph by paragraph (for tests and previews)."""
    parts = _read_archive(data)
    _check_xml("content.xml", parts["content.xml"])
    root = ElementTree.fromstring(parts["content.xml"])
    ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"

    def walk(element, pieces):
        if element.tag == f"{ns}line-break":
            pieces.append("\n")
        elif element.tag == f"{ns}s":
            pieces.append(" ")
        elif element.tag == f"{ns}tab":
            pieces.append("\t")
        if element.text:
            pieces.append(element.text)
        for child in element:
            walk(child, pieces)
            if child.tail:
                pieces.append(child.tail)

    lines = []
    for element in root.iter():
        if element.tag in (f"{ns}p", f"{ns}h"):
            pieces = []
            walk(element, pieces)
            lines.append("".join(pieces))
    return "\n".join(lines)
