"""Works on an acquired premises and its sale: the tenant's first refusal (L145-46-1 C. com.),
the deed and the result; the portfolio's figures."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given
from hypothesis import strategies as st

from cvv.core.workflows import TransitionDenied
from cvv.fonciere import selectors_portfolio, services, services_portfolio
from cvv.fonciere.appraisal import AppraisalError, sale_result
from cvv.premises.models import Premises
from tests.factories import commune

D = dt.date
M = Decimal


# --- The result engine (pure) ----------------------------------------------------------


def test_golden_sale_result():
    # Bought 20/05/2021 for 175 000 + 12 500 of costs, 30 000 of works: 217 500 invested.
    # Sold 19/11/2025 for 240 000: gain 22 500; 20/05/2021 → 19/11/2025 = 53 whole months
    # (the 54th would end on 20/11/2025).
    result = sale_result(
        price=M("175000"),
        costs=M("12500"),
        works_cost=M("30000"),
        sale_price=M("240000"),
        acquired_on=D(2021, 5, 20),
        sold_on=D(2025, 11, 19),
    )
    assert result.invested == M("217500") and result.capital_gain == M("22500")
    assert result.months_held == 53
    assert (
        sale_result(
            price=M("1"),
            costs=M("0"),
            works_cost=M("0"),
            sale_price=M("1"),
            acquired_on=D(2024, 1, 31),
            sold_on=D(2024, 2, 29),
        ).months_held
        == 1
    )


def test_sale_before_acquisition_is_refused():
    with pytest.raises(AppraisalError) as error:
        sale_result(
            price=M("1"),
            costs=M("0"),
            works_cost=M("0"),
            sale_price=M("1"),
            acquired_on=D(2024, 1, 1),
            sold_on=D(2023, 1, 1),
        )
    assert error.value.field == "deed_on"


@given(
    start=st.dates(min_value=D(2000, 1, 1), max_value=D(2040, 1, 1)),
    days=st.integers(min_value=0, max_value=8000),
    price=st.decimals(min_value=0, max_value=10**7, places=2),
    sale=st.decimals(min_value=0, max_value=10**7, places=2),
)
def test_result_properties(start, days, price, sale):
    end = start + dt.timedelta(days=days)
    result = sale_result(
        price=price,
        costs=M("0"),
        works_cost=M("0"),
        sale_price=sale,
        acquired_on=start,
        sold_on=end,
    )
    assert result.capital_gain == sale - price
    assert 0 <= result.months_held <= days / 28 + 1
    assert abs(result.months_held - days / 30.436875) < 1.1


# --- Works and sale through the services -----------------------------------------------


@pytest.fixture
def held(users):
    officer = users["fonciere_officer"]
    premises = Premises.objects.create(commune=commune("93005"), address="4 rue", status="vacant")
    opportunity = services.opportunity_create(
        actor=officer,
        premises=premises,
        source="amiable",
        received_on=D(2021, 1, 4),
        price=M("175000"),
    )
    services.opportunity_decide(
        actor=officer, opportunity=opportunity, preempt=True, on=D(2021, 2, 1)
    )
    acquisition = services.acquisition_record(
        actor=officer,
        opportunity=opportunity,
        deed_on=D(2021, 5, 20),
        price=M("175000"),
        costs=M("12500"),
    )
    return acquisition


@pytest.mark.django_db
def test_works_sale_to_the_tenant_and_result(users, held):
    officer = users["fonciere_officer"]
    works = services_portfolio.works_create(
        actor=officer,
        acquisition=held,
        title="Vitrine",
        budget=M("28000"),
        contractors="Menuiserie Dupont",
    )
    with pytest.raises(ValidationError, match="pendant les travaux"):
        services_portfolio.works_progress(
            actor=officer, works=works, progress=10, actual_cost=M("0")
        )
    services_portfolio.works_start(actor=officer, works=works, on=D(2021, 6, 1))
    services_portfolio.works_progress(
        actor=officer, works=works, progress=60, actual_cost=M("15000")
    )
    rows = selectors_portfolio.portfolio_rows(officer, today=D(2021, 7, 1))
    assert rows[0]["works_in_progress"] == 1 and rows[0]["invested"] == M("202500")
    services_portfolio.works_finish(
        actor=officer, works=works, on=D(2021, 7, 15), actual_cost=M("30000")
    )
    lease = services.lease_create(
        actor=officer,
        premises=held.premises,
        kind="commercial",
        tenant_name="Librairie Test",
        start=D(2021, 9, 1),
        rent=M("18000"),
        reference_quarter="2021-T1",
    )
    services.lease_sign(actor=officer, lease=lease)
    # A third party cannot be offered the premises before the tenant (L145-46-1 C. com.).
    with pytest.raises(ValidationError, match="droit de préférence"):
        services_portfolio.sale_offer(
            actor=officer,
            acquisition=held,
            buyer_kind="acquereur",
            buyer_name="SCI X",
            price=M("250000"),
            offered_on=D(2025, 8, 1),
            today=D(2025, 8, 1),
        )
    sale = services_portfolio.sale_offer(
        actor=officer,
        acquisition=held,
        buyer_kind="preneur",
        buyer_name="",
        price=M("240000"),
        offered_on=D(2025, 8, 20),
        loan=True,
        today=D(2025, 8, 20),
    )
    # One month to accept (20/09/2025), then 4 months with a loan from the acceptance.
    assert sale.buyer_name == "Librairie Test"
    assert sale.accept_by == D(2025, 9, 20) and sale.complete_by == D(2026, 1, 20)
    with pytest.raises(ValidationError, match="20/09/2025"):
        services_portfolio.sale_accept(actor=officer, sale=sale, on=D(2025, 9, 21))
    services_portfolio.sale_accept(actor=officer, sale=sale, on=D(2025, 9, 10))
    assert sale.complete_by == D(2026, 1, 10)
    with pytest.raises(ValidationError, match="sans effet"):
        services_portfolio.sale_complete(actor=officer, sale=sale, deed_on=D(2026, 1, 11))
    services_portfolio.sale_complete(actor=officer, sale=sale, deed_on=D(2025, 11, 19))
    sale.refresh_from_db()
    assert sale.state == "vendue" and sale.capital_gain == M("22500")
    assert sale.invested == M("217500") and sale.months_held == 53
    held.premises.refresh_from_db()
    assert held.premises.owner_name == "Librairie Test" and held.premises.owner_kind == "prive"
    assert selectors_portfolio.portfolio_rows(officer) == []
    assert list(selectors_portfolio.sold_visible_to(users["commune_agent"])) == [sale]
    assert list(selectors_portfolio.sold_visible_to(users["other_commune_agent"])) == []
    with pytest.raises(ValidationError, match="plus dans le portefeuille"):
        services_portfolio.works_create(actor=officer, acquisition=held, title="X", budget=M("1"))


@pytest.mark.django_db
def test_tenant_silence_opens_the_sale_to_others(users, held):
    officer = users["fonciere_officer"]
    lease = services.lease_create(
        actor=officer,
        premises=held.premises,
        kind="commercial",
        tenant_name="Fleuriste",
        start=D(2021, 9, 1),
        rent=M("12000"),
        reference_quarter="2021-T1",
    )
    services.lease_sign(actor=officer, lease=lease)
    services_portfolio.sale_offer(
        actor=officer,
        acquisition=held,
        buyer_kind="preneur",
        buyer_name="",
        price=M("200000"),
        offered_on=D(2025, 3, 1),
        today=D(2025, 3, 1),
    )
    with pytest.raises(ValidationError, match="déjà en cours"):
        services_portfolio.sale_offer(
            actor=officer,
            acquisition=held,
            buyer_kind="commune",
            buyer_name="Ville",
            price=M("200000"),
            offered_on=D(2025, 3, 15),
            today=D(2025, 3, 15),
        )
    sale = services_portfolio.sale_offer(
        actor=officer,
        acquisition=held,
        buyer_kind="commune",
        buyer_name="Ville d’Aulnay",
        price=M("200000"),
        offered_on=D(2025, 4, 2),
        today=D(2025, 4, 2),
    )
    assert sale.accept_by is None
    assert held.sales.filter(state="refusee", buyer_kind="preneur").exists()


@pytest.mark.django_db
def test_only_the_fonciere_manages_works(users, held):
    with pytest.raises(PermissionDenied):
        services_portfolio.works_create(
            actor=users["commune_agent"], acquisition=held, title="X", budget=M("1")
        )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["commune_agent", "commerce_manager", "territory_agent"])
def test_works_and_sale_transitions_are_guarded(users, held, role):
    officer = users["fonciere_officer"]
    works = services_portfolio.works_create(
        actor=officer, acquisition=held, title="Vitrine", budget=M("1000")
    )
    with pytest.raises(TransitionDenied):
        services_portfolio.works_start(actor=users[role], works=works, on=D(2021, 6, 1))
    sale = services_portfolio.sale_offer(
        actor=officer,
        acquisition=held,
        buyer_kind="commune",
        buyer_name="Ville",
        price=M("1"),
        offered_on=D(2025, 1, 2),
        today=D(2025, 1, 2),
    )
    with pytest.raises(TransitionDenied):
        services_portfolio.sale_accept(actor=users[role], sale=sale, on=D(2025, 1, 3))
