"""The template engine: fields found and filled whatever the word processor did to them,
values escaped, every read bounded."""

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cvv.letters import odt
from tests.letters.helpers import content_xml, paragraph
from tests.letters.helpers import odt as make_odt


def test_fields_in_body_and_footer_in_order_of_appearance():
    data = make_odt(
        paragraph("Convention {{ number }} avec {{commune}} ({{ code }}), {{ commune }}"),
        footer=paragraph("Page de {{ commune }} — {{ today }}"),
    )
    assert odt.fields_of(data) == ["number", "commune", "code", "today"]


def test_render_replaces_fields_and_keeps_the_rest():
    data = make_odt(paragraph("Commune de {{ commune }} : aide de {{ granted }}."))
    result = odt.render(data, {"commune": "Aulnay-sous-Bois", "granted": "8 250,00 €"})
    assert odt.text_of(result) == "Commune de Aulnay-sous-Bois : aide de 8 250,00 €."
    with zipfile.ZipFile(io.BytesIO(result)) as archive:
        first = archive.infolist()[0]
        # ODF: the mimetype comes first, stored uncompressed.
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert set(archive.namelist()) >= {"content.xml", "styles.xml", "META-INF/manifest.xml"}


def test_a_field_split_by_formatting_is_still_found_and_the_xml_stays_valid():
    # What LibreOffice saves after a correction inside the field: three runs.
    body = (
        '<text:p>Projet « {{ ti<text:span text:style-name="T1">tl</text:span>e }} » '
        '<text:span text:style-name="T2">{{ refe</text:span>rence }}.</text:p>'
    )
    data = make_odt(body)
    assert odt.fields_of(data) == ["title", "reference"]
    result = odt.render(data, {"title": "Halle gourmande", "reference": "FIM-2026-0001"})
    assert odt.text_of(result) == "Projet « Halle gourmande » FIM-2026-0001."


def test_values_are_escaped_as_text_never_markup():
    data = make_odt(paragraph("Motifs : {{ reasons }}"))
    hostile = '</text:p><text:p>injecté & <b>gras</b> "{{ code }}"'
    result = odt.render(data, {"reasons": hostile})
    assert odt.text_of(result) == f"Motifs : {hostile}"


def test_a_list_becomes_one_line_per_item():
    data = make_odt(paragraph("{{ categories }}"))
    result = odt.render(data, {"categories": ["Études : 1 000,00 €", "Travaux : 2 000,00 €"]})
    assert odt.text_of(result) == "Études : 1 000,00 €\nTravaux : 2 000,00 €"


@pytest.mark.parametrize(
    "text, match",
    [
        ("{{ Commune }}", "invalide"),
        ("{{ commune.nom }}", "invalide"),
        ("{{ commune|upper }}", "invalide"),
        ("{{ }}", "invalide"),
        ("{{ 1commune }}", "invalide"),
    ],
)
def test_a_field_that_is_not_a_plain_name_is_refused(text, match):
    with pytest.raises(odt.TemplateError, match=match):
        odt.fields_of(make_odt(paragraph(text)))


def test_a_field_without_value_is_an_error_not_a_blank():
    with pytest.raises(odt.TemplateError, match="« commune » sans valeur"):
        odt.render(make_odt(paragraph("{{ commune }}")), {})


def test_not_a_zip():
    with pytest.raises(odt.TemplateError, match="n’est pas un document OpenDocument"):
        odt.fields_of(b"%PDF-1.4 pas un odt")


def test_a_spreadsheet_is_not_a_text_template():
    data = make_odt("", mimetype="application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(odt.TemplateError, match="tableur"):
        odt.fields_of(data)


def test_doctype_and_entities_are_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY l2 "&lol;&lol;">]>'
        + content_xml(paragraph("&l2;")).split("?>", 1)[1]
    )
    with pytest.raises(odt.TemplateError, match="DOCTYPE"):
        odt.fields_of(make_odt("", content=bomb))


def test_damaged_xml_is_refused():
    with pytest.raises(odt.TemplateError, match="endommagé"):
        odt.fields_of(make_odt("", content="<office:document-content>"))


def test_decompression_is_bounded(monkeypatch):
    monkeypatch.setattr(odt, "MAX_EXPANDED_BYTES", 50_000)
    data = make_odt(paragraph("x"), extra={"Pictures/big.bmp": b"\0" * 200_000})
    assert len(data) < 10_000  # a small archive that expands 20 times and more
    with pytest.raises(odt.TemplateError, match="décompressé est trop volumineux"):
        odt.fields_of(data)


def test_archive_size_is_bounded(monkeypatch):
    monkeypatch.setattr(odt, "MAX_ARCHIVE_BYTES", 100)
    with pytest.raises(odt.TemplateError, match="dépasse"):
        odt.fields_of(make_odt(paragraph("x")))


def test_a_lonely_brace_pair_far_from_its_end_is_not_a_field():
    text = "{{ " + "x" * 500 + " }}"
    assert odt.fields_of(make_odt(paragraph(text))) == []


@given(
    value=st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=60
    ),
    prefix=st.text(alphabet="abc éà’«» ,.;:", max_size=20),
)
def test_property_any_value_comes_back_as_text(value, prefix):
    data = make_odt(paragraph(f"{prefix}{{{{ commune }}}}!"))
    result = odt.render(data, {"commune": value})
    assert odt.text_of(result) == f"{prefix}{value}!".replace("\n", "\n")


@given(split=st.integers(min_value=0, max_value=12))
def test_property_a_field_split_anywhere_renders_the_same(split):
    field = "{{ commune }}"
    cut = min(split, len(field))
    span = f'<text:span text:style-name="T">{field[cut:]}</text:span>'
    body = f"<text:p>A {field[:cut]}{span} B</text:p>"
    result = odt.render(make_odt(body), {"commune": "Bondy"})
    assert odt.text_of(result) == "A Bondy B"
