"""Establishments whose SIRENE coordinates are `[ND]` are placed from their address when
the platform knows it (a surveyed premises, an establishment located at the same address
in a vintage); those that cannot be placed but stand on a street of a perimeter go with its
figures, as establishments it may miss."""

import datetime as dt

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cvv.observatory import addresses, services
from cvv.observatory.compute_service import compute_indicators
from cvv.observatory.models import DataImport, IndicatorRow, Premise, Survey
from cvv.territories.models import Centralite, Commune
from tests.observatory import files

D = dt.date(2025, 6, 30)


def _import(tmp_path, name, rows, vintage):
    path = files.write_parquet(tmp_path / name, rows)
    done = services.import_file(kind=DataImport.Kind.SIRENE, path=path, vintage=vintage)
    assert done.status == DataImport.Status.SUCCEEDED, done.error


def _at_address(number, street_type, street, suffix="", **extra):
    return files.establishment(
        "93005",
        numeroVoieEtablissement=number,
        indiceRepetitionEtablissement=suffix,
        typeVoieEtablissement=street_type,
        libelleVoieEtablissement=street,
        **extra,
    )


@pytest.mark.django_db
def test_golden_establishments_without_coordinates_placed_from_known_addresses(tmp_path, client):
    aulnay = Commune.objects.get(code="93005")
    centralite = Centralite.objects.get(commune=aulnay)
    here = centralite.current_version.shape.representative_point()
    x, y = files.lambert93(here.x, here.y)
    far_x, far_y = files.lambert93(aulnay.mairie_lon + 0.03, aulnay.mairie_lat)
    # 2024 vintage: one establishment located at 12 rue de la République.
    _import(
        tmp_path, "stock-2024.parquet",
        [_at_address("12", "RUE", "DE LA REPUBLIQUE", x=x, y=y)], dt.date(2024, 12, 31),
    )  # fmt: skip
    # A surveyed premises at « 3 bis av. Jean-Jaurès », located in the perimeter.
    survey = Survey.objects.create(commune=aulnay, date=dt.date(2025, 1, 10), state="validated")
    Premise.objects.create(
        survey=survey, code="93005", status="occupe", observed_on=survey.date,
        address="3 bis av. Jean-Jaurès, 93600 Aulnay-sous-Bois", lon=here.x, lat=here.y,
    )  # fmt: skip
    _import(
        tmp_path,
        "stock-2025.parquet",
        [
            _at_address("12", "RUE", "DE LA RÉPUBLIQUE"),  # [ND]: placed by the 2024 vintage
            _at_address("3", "AV", "JEAN JAURES", suffix="B"),  # [ND]: by the survey
            _at_address("99", "RUE", "INCONNUE"),  # [ND], address unknown: not placed
            _at_address("", "", ""),  # [ND], no address: not placed
            # [ND], number unknown on a street of the perimeter: not placed, may be in it.
            _at_address("11", "RUE", "DU MARCHE"),
            _at_address("5", "RUE", "DU MARCHE", x=x, y=y),  # located in the perimeter
            _at_address("7", "RUE", "DU MARCHE", x=far_x, y=far_y),  # located outside it
        ],
        dt.date(2025, 12, 31),
    )
    compute_indicators(reference_date=D)
    perimeter = IndicatorRow.objects.get(
        level="centralite", code=str(centralite.pk), reference_date=D
    ).values
    assert perimeter["etablissements_actifs"] == 3  # the two placed + the located one
    assert perimeter["etablissements_places_par_adresse"] == 2
    # 11 rue du Marché: the street of « 5 rue du Marché », counted. Not 99 rue Inconnue (no
    # establishment of that street in the perimeter), nor the one without an address.
    assert perimeter["etablissements_non_localises"] == 1
    assert perimeter["part_non_localisee"] == pytest.approx(1 / 4, abs=1e-6)
    commune = IndicatorRow.objects.get(level="commune", code="93005", reference_date=D).values
    assert (commune["etablissements_actifs"], commune["etablissements_non_localises"]) == (7, 3)
    assert commune["etablissements_places_par_adresse"] == 2
    api = client.get(
        "/api/v1/observatory/indicators",
        {"level": "centralite", "code": str(centralite.pk), "reference_date": D.isoformat()},
    ).json()
    assert api[0]["indicateurs"]["part_non_localisee"] == pytest.approx(1 / 4, abs=1e-6)
    assert api[0]["indicateurs"]["etablissements_non_localises"] == 1
    page = client.get("/observatoire/communes/93005/").content.decode()
    assert "Établissements non localisables dans les rues de ce périmètre : 1 (25\xa0%" in page


def test_typed_addresses_read_like_sirene_columns():
    text = addresses.parts_of_text("93005", "3 bis av. Jean-Jaurès, 93600 Aulnay")
    assert text == addresses.parts("93005", "3", "B", "AV", "JEAN JAURES")
    assert text == ("93005", 3, "B", "AV", "JEAN JAURES")
    assert text.key == "93005|3B|AV|JEAN JAURES"
    assert (
        addresses.parts_of_text("93005", "12B Rue de l'Église").key == "93005|12B|RUE|DE L EGLISE"
    )
    assert addresses.parts_of_text("93005", "Place du marché") is None  # no number
    assert addresses.parts("93005", "0", "", "RUE", "X") is None


_TEXT = st.text(
    alphabet=st.sampled_from(list("abcdeéèêëàâçîïôûùüÿœæABCÉÈ -'’.,/0123456789")), max_size=30
)


@given(
    number=st.one_of(st.integers(-3, 2000).map(str), _TEXT),
    suffix=st.sampled_from(["", "B", "T", "Q", "b", " bis", None]),
    street_type=st.sampled_from(["RUE", "AV", "BD", "", None, "pl."]),
    street=_TEXT,
)
def test_property_duckdb_and_python_compute_the_same_address(number, suffix, street_type, street):
    """The address parts DuckDB writes at import equal the ones Python computes for the same
    SIRENE columns (what a surveyed address is read into), for any text; and the parts read
    back from the one-text key that stock files kept before are the same again."""
    con = duckdb.connect()
    try:
        con.execute(
            "CREATE TABLE t AS SELECT ?::VARCHAR AS codeCommuneEtablissement, "
            "?::VARCHAR AS numeroVoieEtablissement, ?::VARCHAR AS indiceRepetitionEtablissement,"
            " ?::VARCHAR AS typeVoieEtablissement, ?::VARCHAR AS libelleVoieEtablissement",
            ["93005", number, suffix, street_type, street],
        )
        columns = ", ".join(sql for _, sql in addresses.sirene_parts_sql())
        numero, indice, type_voie, voie = con.execute(f"SELECT {columns} FROM t").fetchone()
        expected = addresses.parts("93005", number, suffix, street_type, street)
        legacy = None
        if expected is not None:
            columns = ", ".join(sql for _, sql in addresses.legacy_parts_sql("k"))
            legacy = con.execute(
                f"SELECT {columns} FROM (SELECT ?::VARCHAR AS k)", [expected.key]
            ).fetchone()
    finally:
        con.close()
    if numero is None or voie is None:
        assert expected is None
    else:
        assert ("93005", numero, indice, type_voie, voie) == expected
        assert legacy == (numero, indice, type_voie, voie)


@given(
    st.lists(st.tuples(st.integers(0, 3), st.integers(0, 6)), max_size=40),
    st.dictionaries(st.integers(1, 8), st.integers(1, 5), max_size=6),
)
def test_unplaced_on_a_perimeters_streets_equals_a_plain_count(counted, unplaced):
    """Per perimeter: the unplaced establishments of every street that has at least one
    establishment counted in it, each street once; street 0 (no address) never matches."""
    import numpy as np

    from cvv.observatory.compute import _unplaced_on_streets

    which = np.array([v for v, _ in counted], dtype=np.int64)
    streets = np.array([s for _, s in counted], dtype=np.uint64)
    got = _unplaced_on_streets(which, streets, unplaced, 4)
    for v in range(4):
        own = {s for w, s in counted if w == v and s != 0}
        assert got[v] == sum(unplaced.get(s, 0) for s in own)
