"""What a document is, decided from its content (magic bytes), never from its name."""

import hashlib
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

# Detected MIME type -> (label, file extension).
ALLOWED_BINARY = {
    "application/pdf": ("PDF", ".pdf"),
    "application/vnd.oasis.opendocument.text": ("ODT", ".odt"),
    "application/vnd.oasis.opendocument.spreadsheet": ("ODS", ".ods"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("DOCX", ".docx"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ("XLSX", ".xlsx"),
    "image/jpeg": ("JPEG", ".jpg"),
    "image/png": ("PNG", ".png"),
}
TEXT_TYPES = {".csv": "text/csv", ".txt": "text/plain"}
# Other spellings of a detected type's extension, kept as the user wrote them.
EXTENSION_ALIASES = {".jpg": {".jpeg", ".jpe"}}
ALLOWED_LABEL = "PDF, ODT, ODS, DOCX, XLSX, JPEG, PNG, ou texte CSV/TXT en UTF-8"


@dataclass(frozen=True)
class Detected:
    content_type: str
    extension: str


def _human_size(size):
    return f"{size / (1024 * 1024):.0f} Mo" if size >= 1024 * 1024 else f"{size // 1024} Ko"


def _check_size(size: int, max_size: int):
    if size > max_size:
        raise ValidationError(
            {
                "file": f"Le fichier pèse {_human_size(size)} : la taille maximale est "
                f"de {_human_size(max_size)}."
            }
        )


def detect(content: bytes, filename: str, *, max_size=None) -> Detected:
    """The content type of an upload, or a French ValidationError saying what is wrong."""
    max_size = max_size or settings.DOCUMENT_MAX_SIZE
    if not content:
        raise ValidationError({"file": "Le fichier est vide."})
    _check_size(len(content), max_size)
    kind = filetype.guess(content[:8192])
    if kind is not None:
        if kind.mime in ALLOWED_BINARY:
            return Detected(kind.mime, ALLOWED_BINARY[kind.mime][1])
        raise ValidationError(
            {
                "file": f"Type de fichier refusé (contenu détecté : {kind.extension.upper()}). "
                f"Formats acceptés : {ALLOWED_LABEL}."
            }
        )
    suffix = "." + filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if suffix in TEXT_TYPES:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationError(
                {"file": "Le fichier texte n’est pas encodé en UTF-8 : enregistrez-le en UTF-8."}
            ) from None
        if "\x00" in text:
            raise ValidationError({"file": "Le fichier texte contient des données binaires."})
        return Detected(TEXT_TYPES[suffix], suffix)
    raise ValidationError(
        {
            "file": "Type de fichier non reconnu d’après son contenu. "
            f"Formats acceptés : {ALLOWED_LABEL}."
        }
    )


@dataclass(frozen=True)
class Upload:
    content: bytes
    name: str
    content_type: str
    extension: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.content)


def extension_for(content_type: str) -> str:
    """The extension of a detected (stored) content type, "" if it is not one we accept."""
    if content_type in ALLOWED_BINARY:
        return ALLOWED_BINARY[content_type][1]
    for extension, text_type in TEXT_TYPES.items():
        if content_type.split(";")[0].strip() == text_type:
            return extension
    return ""


def name_with_extension(name: str, extension: str, *, max_length=255) -> str:
    """`name` ending with `extension`, the one of the type detected from the content: a PDF
    named `rapport.html` becomes `rapport.pdf` (and `rapport` becomes `rapport.pdf`), so a
    download never opens in a program chosen from the name the uploader gave."""
    if not extension:
        return name[:max_length]
    stem, dot, suffix = name.rpartition(".")
    if dot and stem:
        current = "." + suffix.lower()
        if current == extension or current in EXTENSION_ALIASES.get(extension, ()):
            return name[:max_length]
    else:
        stem = name
    stem = stem.rstrip(". ") or "document"
    return stem[: max_length - len(extension)] + extension


def download_name(original_name: str, content_type: str) -> str:
    """The file name to serve a stored upload under (rows stored before names were
    corrected at upload included)."""
    return name_with_extension(original_name, extension_for(content_type))


def read_upload(uploaded_file, *, default_name="document") -> Upload:
    """Read an uploaded file once and check it: a file declared larger than the limit is
    refused before being read into memory; the type comes from the content."""
    name = (getattr(uploaded_file, "name", "") or default_name).rsplit("/", 1)[-1][:255]
    declared = getattr(uploaded_file, "size", None)
    if declared:
        _check_size(declared, settings.DOCUMENT_MAX_SIZE)
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    content = uploaded_file.read()
    detected = detect(content, name)
    return Upload(
        content=content,
        name=name_with_extension(name, detected.extension),
        content_type=detected.content_type,
        extension=detected.extension,
        sha256=hashlib.sha256(content).hexdigest(),
    )
