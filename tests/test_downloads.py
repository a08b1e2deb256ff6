"""One download helper (`cvv.core.downloads`): FileResponse, safe attachment names."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage
from django.http import FileResponse

from cvv.core.downloads import MAX_FILENAME_LENGTH, file_response, safe_filename


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rapport 2026.pdf", "rapport 2026.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\bilan.xlsx", "bilan.xlsx"),
        ('a"b;c.csv', "a_b_c.csv"),
        ("ligne\r\nContent-Type: text.txt", "ligne_Content-Type_ text.txt"),
        ("...", "fichier"),
        ("", "fichier"),
        (None, "fichier"),
        ("Convention d’aménagement.odt", "Convention d’aménagement.odt"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


def test_a_long_name_keeps_its_extension():
    name = safe_filename("x" * 400 + ".xlsx")
    assert len(name) == MAX_FILENAME_LENGTH and name.endswith(".xlsx")


def test_bytes_are_served_as_a_named_attachment():
    response = file_response(b"a;b\r\n", filename="décisions.csv", content_type="text/csv")
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == "text/csv"
    assert response["Content-Length"] == "5"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Non-ASCII names in RFC 6266 form, never raw in the header.
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''d%C3%A9cisions.csv"
    assert response.getvalue() == b"a;b\r\n"
    assert "Cache-Control" not in response and "Content-Security-Policy" not in response


def test_a_header_injection_attempt_stays_one_header_value():
    response = file_response(b"x", filename='a".csv\r\nX-Evil: 1', content_type="text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="a_.csv_X-Evil_ 1"'
    assert "X-Evil" not in response.headers


def test_a_stored_file_is_streamed_and_closed():
    from cvv.core.downloads import stored_file_response

    storage = InMemoryStorage()
    name = storage.save("docs/piece.pdf", ContentFile(b"%PDF-1.7 data"))

    class Stored:  # the two attributes of a FieldFile the helper reads
        pass

    stored = Stored()
    stored.storage, stored.name = storage, name
    response = stored_file_response(
        stored, filename="pièce.pdf", content_type="application/pdf", private=True, sandbox=True
    )
    assert response.getvalue() == b"%PDF-1.7 data"
    assert response["Content-Length"] == "13"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
