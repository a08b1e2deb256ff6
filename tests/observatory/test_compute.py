import datetime as dt

import pytest

from cvv.observatory import services
from cvv.observatory.compute import ComputeError
from cvv.observatory.compute_service import compute_indicators
from cvv.observatory.indicators import pielou, procos
from cvv.observatory.models import DataImport, IndicatorRow, Premise, Survey
from cvv.territories.models import Centralite, Commune
from tests.observatory import files

pytestmark = pytest.mark.django_db
D = dt.date(2025, 6, 30)


def _rows():
    e = files.establishment
    return [
        e("93048", creation="2010-01-01"),
        e("93048", activite="56.10A", creation="2025-06-30"),  # created on D: in the window
        e("93048", activite="47.71Z", creation="2024-06-30"),  # D − 1 year: outside
        e("93048", etat="F", creation="2000-01-01", debut="2025-01-15"),  # closed in window
        e("93048", etat="F", creation="2000-01-01", debut="2025-07-15"),  # closed after D
        e("93048", activite="70.22Z", creation="1900-01-01"),  # not local trade
        e("93048", nomenclature="NAFRev1", activite="52.1A"),  # unknown nomenclature
        e("93048", creation="2025-08-01"),  # created after D
        e("93048", activite="47.71Z", creation="2020-01-01", diffusion="P"),
        e("75101"),
        e("75120", activite="96.02A"),
        e("75120", activite="96.02A", employeur="N"),
    ]


def _load(tmp_path, rows, **extra):
    path = files.write_parquet(tmp_path / "stock.parquet", rows)
    done = services.import_file(
        kind=DataImport.Kind.SIRENE, path=path, vintage=dt.date(2025, 12, 31), **extra
    )
    assert done.status == DataImport.Status.SUCCEEDED, done.error
    return done


def _row(level, code, date=D):
    return IndicatorRow.objects.get(level=level, code=code, reference_date=date).values


def test_commune_indicators_follow_the_contract(tmp_path):
    _load(tmp_path, _rows())
    computation = compute_indicators(reference_date=D)
    values = _row("commune", "93048")
    population = Commune.objects.get(code="93048").population
    assert values["population"] == population
    assert values["etablissements_actifs"] == 7
    assert values["commerces_proximite"] == 5
    assert values["commerces_proximite_employeurs"] == 5
    assert values["densite_commerciale"] == pytest.approx(5 / population * 1000, abs=1e-4)
    assert values["part_alimentaire"] == 0.4
    assert values["part_equipement_personne"] == 0.4
    assert values["part_cafes_hotels_restaurants"] == 0.2
    assert values["part_culture_loisirs"] == 0
    assert (values["ouvertures"], values["fermetures"], values["solde"]) == (1, 1, 0)
    assert values["taux_rotation"] == 0.4
    # Shannon evenness over the 8 families, by hand: shares 0.4, 0.4, 0.2 give
    # H = 1.05492 nats, divided by ln 8 = 2.07944.
    assert values["indice_diversite"] == pytest.approx(0.50731, abs=1e-5)
    assert values["taux_vacance"] is None and values["locaux_observes"] is None
    assert computation.report["nomenclatures_inconnues"] == {"NAFRev1": 1}
    assert computation.report["etablissements_non_diffusibles"] == 1


def test_paris_is_the_sum_of_its_arrondissements(tmp_path):
    _load(tmp_path, _rows())
    compute_indicators(reference_date=D)
    assert _row("arrondissement", "75101")["commerces_proximite"] == 1
    assert _row("arrondissement", "75120")["commerces_proximite"] == 2
    assert _row("arrondissement", "75120")["commerces_proximite_employeurs"] == 1
    paris = _row("commune", "75056")
    assert paris["commerces_proximite"] == 3
    assert _row("ept", "T1")["commerces_proximite"] == 3
    metropole = _row("metropole", "200054781")
    assert metropole["commerces_proximite"] == 8
    assert metropole["population"] == sum(Commune.objects.values_list("population", flat=True))
    assert _row("commune", "93005")["indice_diversite"] is None  # no trade: empty


def test_centralite_counts_points_inside_the_current_perimeter(tmp_path):
    aulnay = Commune.objects.get(code="93005")
    x, y = files.lambert93(aulnay.mairie_lon, aulnay.mairie_lat)
    far_x, far_y = files.lambert93(aulnay.mairie_lon + 0.03, aulnay.mairie_lat)
    _load(
        tmp_path,
        [
            files.establishment("93005", x=x, y=y),
            files.establishment("93005", x=far_x, y=far_y),
            files.establishment("93005", x=x, y=y, diffusion="P", activite="56.10A"),
        ],
    )
    compute_indicators(reference_date=D)
    centralite = Centralite.objects.get(commune=aulnay)
    row = IndicatorRow.objects.get(level="centralite", code=str(centralite.pk), reference_date=D)
    assert row.centralite_version == centralite.current_version
    assert row.values["commerces_proximite"] == 2
    assert row.values["population"] is None and row.values["densite_commerciale"] is None
    assert _row("commune", "93005")["commerces_proximite"] == 3


def test_vacancy_comes_from_the_latest_validated_survey(tmp_path, users):
    _load(tmp_path, _rows())
    montreuil = Commune.objects.get(code="93048")

    def survey(date, state, statuses):
        item = Survey.objects.create(commune=montreuil, date=date, state=state)
        for status in statuses:
            Premise.objects.create(
                survey=item, code="93048", status=status, address="1 rue", observed_on=date
            )

    survey(dt.date(2024, 1, 1), "validated", ["vacant"] * 5)
    survey(dt.date(2025, 1, 10), "validated", ["vacant"] * 2 + ["travaux"] + ["occupe"] * 7)
    survey(dt.date(2025, 3, 1), "submitted", ["vacant"] * 9)  # not validated: ignored
    survey(dt.date(2025, 9, 1), "validated", ["occupe"] * 3)  # after D: ignored
    compute_indicators(reference_date=D)
    values = _row("commune", "93048")
    assert (values["locaux_observes"], values["locaux_vacants"]) == (10, 2)
    assert values["locaux_en_travaux"] == 1
    assert values["taux_vacance"] == 0.2
    assert values["qualification_vacance"] == "très élevée"
    # Montreuil is in Est Ensemble (T8): its survey counts in T8 and in the Métropole.
    assert _row("ept", "T8")["locaux_observes"] == 10
    assert _row("metropole", "200054781")["locaux_observes"] == 10


def test_history_gives_the_state_at_a_past_date(tmp_path):
    siret = "22222222200011"
    stock = [files.establishment("93048", siret=siret, etat="F", debut="2023-05-01")]
    history = files.write_parquet(
        tmp_path / "hist.parquet",
        [
            files.period(siret, "2015-03-01", "2023-04-30", "A"),
            files.period(siret, "2023-05-01", None, "F"),
        ],
        files.SIRENE_HISTORY_COLUMNS,
    )
    _load(tmp_path, stock, history=history)
    compute_indicators(reference_date=dt.date(2022, 12, 31))
    compute_indicators(reference_date=dt.date(2023, 12, 31))
    before = _row("commune", "93048", dt.date(2022, 12, 31))
    after = _row("commune", "93048", dt.date(2023, 12, 31))
    assert (before["commerces_proximite"], before["fermetures"]) == (1, 0)
    assert (after["commerces_proximite"], after["fermetures"]) == (0, 1)


def test_recompute_replaces_and_need_index_is_written(tmp_path):
    _load(tmp_path, _rows())
    compute_indicators(reference_date=D)
    compute_indicators(reference_date=D)
    assert IndicatorRow.objects.filter(reference_date=D, level="commune").count() == 130
    montreuil = Commune.objects.get(code="93048")
    assert montreuil.need_index is not None
    assert "30/06/2025" in montreuil.need_index_source
    assert _row("commune", "93048")["indice_besoin"] == montreuil.need_index


def test_compute_without_import_is_a_clear_error():
    with pytest.raises(ComputeError, match="Aucun import SIRENE"):
        compute_indicators(reference_date=D)


def test_procos_scale_and_pielou_bounds():
    assert [procos(v) for v in (0.049, 0.05, 0.0749, 0.075, 0.0999, 0.10, None)] == [
        "faible", "modérée", "modérée", "élevée", "élevée", "très élevée", None,
    ]  # fmt: skip
    assert pielou(dict.fromkeys("abcdefgh", 3)) == 1.0
    assert pielou({"a": 4, **dict.fromkeys("bcdefgh", 0)}) == 0.0
    assert pielou(dict.fromkeys("abcdefgh", 0)) is None


def test_population_and_bpe_imports_are_used(tmp_path):
    _load(tmp_path, _rows())
    population = files.write_csv(
        tmp_path / "donnees_communes.csv",
        [files.population("93048", "100000")],
        files.POPULATION_COLUMNS,
        delimiter=";",
    )
    services.import_file(
        kind=DataImport.Kind.POPULATION, path=population, vintage=dt.date(2025, 1, 1)
    )
    bpe = files.write_csv(
        tmp_path / "bpe.csv",
        [files.bpe("93048", "B104"), files.bpe("93048", "B201"), files.bpe("93048", "A101"),
         files.bpe("75101", "B104")],
        files.BPE_COLUMNS,
        delimiter=";",
    )  # fmt: skip
    services.import_file(kind=DataImport.Kind.BPE, path=bpe, vintage=dt.date(2024, 1, 1))
    compute_indicators(reference_date=D)
    values = _row("commune", "93048")
    assert values["population"] == 100000
    assert values["densite_commerciale"] == 0.05  # 5 shops per 100 000 inhabitants × 1000
    assert values["equipements_commerces_bpe"] == 2
    assert _row("arrondissement", "75101")["equipements_commerces_bpe"] == 1
    assert _row("arrondissement", "75102")["equipements_commerces_bpe"] == 0
    assert _row("commune", "75056")["equipements_commerces_bpe"] == 1
    assert _row("metropole", "200054781")["equipements_commerces_bpe"] == 3
