"""Golden cases of the FIMACS computation (tests/funding/golden_cases.json).

Each case goes through the full contract path (`compute_request`: règlement from the
database, commune facts from the platform) and must match the hand-computed amounts."""

import copy
import json
from pathlib import Path

import pytest

from cvv.funding.compute import compute_request
from cvv.funding.loader import default_data, install_reglement
from cvv.funding.models import Reglement, ReglementCategory, ReglementParameter

CASES = json.loads((Path(__file__).parent / "golden_cases.json").read_text(encoding="utf-8"))[
    "cases"
]


ETUDES = "« Études, diagnostics, programmation commerciale »"
TRAVAUX = "« Travaux de locaux commerciaux, façades, vitrines »"
NUMERIQUE = "« Outils numériques du commerce local »"


def _install_patched(code, patch):
    data = copy.deepcopy(default_data())
    data["code"] = code
    data["is_default"] = False
    for parameter in data["parameters"]:
        if parameter["key"] in patch:
            parameter["value"] = patch[parameter["key"]]
    install_reglement(
        data,
        reglement_model=Reglement,
        parameter_model=ReglementParameter,
        category_model=ReglementCategory,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_golden_case(case):
    if "rules_patch" in case:
        _install_patched(case["input"]["reglement"], case["rules_patch"])
    answer = compute_request(copy.deepcopy(case["input"]))
    expected = case["expected"]
    assert answer["eligible"] is expected["eligible"], answer["explanation"]
    assert answer["aid_total"] == expected["aid_total"], answer["explanation"]
    assert answer["aid_by_category"] == expected["aid_by_category"], answer["explanation"]
    assert list(answer["aid_by_category"]) == list(expected["aid_by_category"])
    assert answer["rates"] == expected["rates"]
    assert len(answer["reasons"]) == len(expected["reasons"]), answer["reasons"]
    for fragment in expected["reasons"]:
        assert any(fragment in reason for reason in answer["reasons"]), answer["reasons"]
    # The parts always add up to the total exactly.
    total = sum(int(v) for v in answer["aid_by_category"].values())
    assert total == int(answer["aid_total"])


def test_every_rule_of_the_issue_has_a_golden_case():
    ids = {case["id"] for case in CASES}
    for required in (
        "small-commune",
        "fragile-commune",
        "small-and-fragile",
        "rate-cap",
        "category-ceiling",
        "public-cap",
        "edition-cap",
        "below-minimum",
        "ineligible-category",
        "no-accompaniment",
        "outside-metropole",
        "rounding",
        # Step 6 as amended 2026-12-03 (largest remainder over the floored parts).
        "largest-remainder",
        "largest-remainder-tie-table-order",
        "old-rule-exceeded-ceiling",
        "total-above-sum-of-floors",
    ):
        assert required in ids
    assert all(case["rule"] and case["hand"] for case in CASES)


@pytest.mark.django_db
def test_explanation_cites_parameters_and_sources():
    case = next(c for c in CASES if c["id"] == "public-cap")
    answer = compute_request(copy.deepcopy(case["input"]))
    text = "\n".join(answer["explanation"])
    assert "Plafond des financements publics" in text
    assert "CGCT art. L1111-10" in text
    assert (
        "catégorie « Études, diagnostics, programmation commerciale »" in text
    )  # source of the base rate


def _explanation(case_id):
    case = next(c for c in CASES if c["id"] == case_id)
    return "\n".join(compute_request(copy.deepcopy(case["input"]))["explanation"])


@pytest.mark.django_db
def test_explanation_reports_the_largest_remainder_split():
    text = _explanation("largest-remainder")
    assert "méthode du plus fort reste" in text
    assert f"{ETUDES} 5\u202f000 × 9\u202f999 / 14\u202f000 = 3\u202f571,07" in text
    assert f"1 € restant attribué un par un aux plus forts restes : {TRAVAUX}" in text
    assert "étape 6, amendée le 3 décembre 2026" in text  # the rule's source
    assert "égalité" not in text  # no tie decided anything here


@pytest.mark.django_db
def test_explanation_reports_ties_broken_by_table_order():
    text = _explanation("largest-remainder-tie-table-order")
    assert f"2 € restants attribués un par un aux plus forts restes : {ETUDES}, {TRAVAUX}" in text
    # The parameter that decided: the category table order of the règlement.
    assert (
        "à égalité de reste, ordre du tableau des catégories du règlement defaut-2026 : "
        f"{ETUDES}, {TRAVAUX}, {NUMERIQUE}" in text
    )


@pytest.mark.django_db
def test_explanation_reports_the_total_lowered_to_the_sum_of_floors():
    text = _explanation("old-rule-exceeded-ceiling")
    assert "arrondies chacune à l’euro inférieur" in text
    assert f"{ETUDES} 5\u202f000,495 € → 5\u202f000 €" in text
    assert "ramené de 59\u202f001 € à 59\u202f000 €" in text
    assert text.endswith("Aide FIMACS : 59\u202f000 €.")


@pytest.mark.django_db
def test_default_reglement_is_shipped_and_labelled():
    reglement = Reglement.objects.get(code="defaut-2026")
    assert reglement.is_default and reglement.status == "adopted"
    assert "défaut" in str(reglement)
    assert Reglement.objects.current() == reglement
    assert reglement.parameters.count() == 11
    assert list(reglement.categories.values_list("code", flat=True)) == [
        "ETUDES",
        "ACQUISITION",
        "TRAVAUX_LOCAUX",
        "ESPACE_PUBLIC",
        "HALLES_MARCHES",
        "NUMERIQUE",
        "FONCTIONNEMENT",
    ]
    assert all(p.source for p in reglement.parameters.all())
    # Idempotent loader: a second run creates nothing.
    from cvv.funding.loader import load_default

    _, created = load_default()
    assert not created
    assert Reglement.objects.filter(code="defaut-2026").count() == 1
