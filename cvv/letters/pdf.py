"""ODT → PDF through LibreOffice (`soffice --headless --convert-to pdf`), the standard part.

LibreOffice is a system package (Debian: `libreoffice-writer-nogui`), not a Python one: a
server without it still generates every document as ODT and says that the PDF is
unavailable. Each conversion runs in its own temporary directory with its own LibreOffice
profile (two conversions at once never share a profile lock), bounded in time, and the
document never leaves the machine.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

MAX_PDF_BYTES = 50 * 1024 * 1024


class ConversionError(RuntimeError):
    """A conversion that did not produce a PDF, with a French message."""


def binary() -> str | None:
    """The LibreOffice executable this server would use, or None."""
    configured = getattr(settings, "LIBREOFFICE_BINARY", "soffice")
    return shutil.which(configured) if configured else None


def available() -> bool:
    return binary() is not None


def convert(odt: bytes, *, timeout: int | None = None) -> bytes:
    executable = binary()
    if executable is None:
        raise ConversionError(
            "LibreOffice n’est pas installé sur ce serveur : le PDF ne peut pas être produit "
            "(le document reste téléchargeable en ODT)."
        )
    timeout = timeout or getattr(settings, "LIBREOFFICE_TIMEOUT", 120)
    with tempfile.TemporaryDirectory(prefix="cvv-pdf-") as work:
        work = Path(work)
        source = work / "document.odt"
        source.write_bytes(odt)
        command = [
            executable,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            subprocess.run(
                command, capture_output=True, timeout=timeout, check=False, cwd=work, env=_env(work)
            )
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(
                f"La conversion en PDF a dépassé {timeout} secondes et a été arrêtée."
            ) from exc
        result = work / "out" / "document.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            raise ConversionError("LibreOffice n’a pas pu convertir ce document en PDF.")
        if result.stat().st_size > MAX_PDF_BYTES:
            raise ConversionError("Le PDF produit est trop volumineux.")
        return result.read_bytes()


def _env(work: Path) -> dict:
    # A minimal environment: LibreOffice writes its caches under HOME, never the server's.
    return {"HOME": str(work), "PATH": "/usr/bin:/bin:/usr/local/bin", "LANG": "C.UTF-8"}
