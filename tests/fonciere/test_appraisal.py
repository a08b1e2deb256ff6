"""The financial analysis engine: golden cases derived by hand, then properties."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cvv.fonciere.appraisal import AppraisalError, annuity, appraise

D = Decimal


def test_golden_operation_with_an_interest_free_loan():
    # Total = 180 000 + 14 400 + 25 600 = 220 000 €.
    result = appraise(
        price=D("180000"),
        notary_fees=D("14400"),
        works_budget=D("25600"),
        target_rent=D("15400"),
        annual_charges=D("2200"),
        target_turnover=D("154000"),
        equity=D("60000"),
        loan=D("100000"),
        loan_rate=D("0"),
        loan_years=20,
        commune_contribution=D("40000"),
        fimacs_amount=D("20000"),
    )
    assert result.total_cost == D("220000")
    assert result.gross_yield == D("0.07")  # 15 400 / 220 000
    assert result.net_yield == D("0.06")  # (15 400 − 2 200) / 220 000 = 13 200 / 220 000
    # Taux d'effort 15 400 / 154 000 = 10 %: above 9 % (retail), below 15 % → strained.
    assert result.rent_to_turnover == D("0.1") and result.ratio_verdict == "tendu"
    assert result.financing == D("220000") and result.financing_gap == D("0")
    assert result.debt_service == D("5000.00")  # 100 000 / 20 years at 0 %
    assert result.cash_flow == D("8200.00")  # 15 400 − 2 200 − 5 000


def test_golden_annuity_at_four_percent_over_fifteen_years():
    # 1.04^15 = 1.800943506; 1 − 1/1.800943506 = 0.444735498;
    # 120 000 × 0.04 / 0.444735498 = 10 792.93 (annuity factor 0.0899411).
    assert annuity(D("120000"), D("0.04"), 15) == D("10792.93")


@pytest.mark.parametrize(
    "kind, rent, turnover, verdict",
    [
        ("alimentaire", "14000", "200000", "sain"),  # 7 %: the top of the food range
        ("alimentaire", "16000", "200000", "tendu"),  # 8 %
        ("commerce", "18000", "200000", "sain"),  # 9 %: the top of the retail range
        ("commerce", "30000", "200000", "tendu"),  # exactly 15 %: not above
        ("commerce", "30002", "200000", "insoutenable"),  # 15.001 %
    ],
)
def test_rent_to_turnover_benchmarks(kind, rent, turnover, verdict):
    result = appraise(
        price=D("100000"), target_rent=D(rent), target_turnover=D(turnover), activity_kind=kind
    )
    assert result.ratio_verdict == verdict


def test_financing_gap_is_what_is_missing():
    result = appraise(
        price=D("100000"),
        notary_fees=D("8000"),
        target_rent=D("7000"),
        equity=D("50000"),
        commune_contribution=D("20000"),
    )
    assert result.financing_gap == D("38000")
    assert result.rent_to_turnover is None and result.ratio_verdict == ""


@pytest.mark.parametrize(
    "field, kwargs",
    [
        ("price", {"price": D("-1")}),
        ("loan", {"loan": D("-5")}),
        ("target_turnover", {"target_turnover": D("0")}),
        ("activity_kind", {"activity_kind": "banque"}),
        ("loan_years", {"loan": D("1000"), "loan_years": 0}),
    ],
)
def test_bad_input_names_its_field(field, kwargs):
    base = {"price": D("100000"), "target_rent": D("6000")}
    with pytest.raises(AppraisalError) as error:
        appraise(**{**base, **kwargs})
    assert error.value.field == field


def test_zero_cost_has_no_yield():
    result = appraise(price=D("0"), target_rent=D("1000"))
    assert result.gross_yield is None and result.net_yield is None


money = st.decimals(min_value=0, max_value=10_000_000, places=2)
positive = st.decimals(min_value=D("0.01"), max_value=10_000_000, places=2)


@given(price=positive, fees=money, works=money, rent=money, charges=money)
def test_yields_are_consistent(price, fees, works, rent, charges):
    result = appraise(
        price=price, notary_fees=fees, works_budget=works, target_rent=rent, annual_charges=charges
    )
    assert result.total_cost == price + fees + works
    assert result.net_yield <= result.gross_yield
    assert abs(result.gross_yield * result.total_cost - rent) < D("0.0000001")
    assert result.gross_yield >= 0


@given(price=positive, rent=money, equity=money, loan=money, commune=money, aid=money)
def test_financing_plus_gap_is_the_cost(price, rent, equity, loan, commune, aid):
    result = appraise(
        price=price,
        target_rent=rent,
        equity=equity,
        loan=loan,
        commune_contribution=commune,
        fimacs_amount=aid,
    )
    assert result.financing + result.financing_gap == result.total_cost


@given(
    loan=positive,
    rate=st.decimals(min_value=0, max_value=D("0.15"), places=4),
    years=st.integers(min_value=1, max_value=40),
)
def test_annuity_repays_at_least_the_loan(loan, rate, years):
    payment = annuity(loan, rate, years)
    # Rounded to the cent each year: at most half a cent short per year.
    assert payment * years >= loan - D("0.005") * years
    if rate == 0:
        assert abs(payment * years - loan) <= D("0.005") * years
    assert annuity(loan, rate + D("0.01"), years) >= payment


@given(rent=money, turnover=positive, kind=st.sampled_from(["commerce", "alimentaire"]))
def test_a_higher_rent_never_looks_healthier(rent, turnover, kind):
    order = {"sain": 0, "tendu": 1, "insoutenable": 2}
    low = appraise(price=D("1"), target_rent=rent, target_turnover=turnover, activity_kind=kind)
    high = appraise(
        price=D("1"), target_rent=rent + D("1000"), target_turnover=turnover, activity_kind=kind
    )
    assert order[high.ratio_verdict] >= order[low.ratio_verdict]
