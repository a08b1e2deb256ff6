"""Demo data of the foncière's chain ("données de démonstration", synthetic, seeded), built
through the services and called by `cvv.fonciere.demo.load`: safeguard perimeters and
delegations of four communes, financial analyses at each stage (one decided by the
committee with its vote), works on acquired premises and two sales to the sitting tenant."""

import datetime as dt
import json
from decimal import Decimal

from cvv.fonciere import services_chain, services_portfolio
from cvv.fonciere.models import Acquisition, Lease, Opportunity
from cvv.organisations.enums import COMMUNE_ROLES
from cvv.premises.services import premises_set_status
from cvv.territories import geo
from cvv.territories.models import Commune
from cvv.users.models import User

PERIMETER_COMMUNES = ["93005", "93048", "93066", "92012"]
DELEGATED = {"93005", "93048"}


def _square(commune, half_side_m):
    from shapely.geometry import Point, mapping

    centre = geo.to_lambert93(Point(commune.mairie_lon, commune.mairie_lat))
    return json.dumps(mapping(geo.to_wgs84(centre.buffer(half_side_m, cap_style="square"))))


def _commune_person(commune):
    return User.objects.filter(
        memberships__is_active=True,
        memberships__role__in=COMMUNE_ROLES,
        memberships__organisation__commune=commune,
    ).first()


def load(*, officer, rng, today) -> dict:
    counts = {"perimeters": 0, "delegations": 0, "analyses": 0, "works": 0, "sales": 0}
    for n, code in enumerate(PERIMETER_COMMUNES):
        commune = Commune.objects.get(code=code)
        services_chain.perimeter_record(
            actor=officer,
            commune=commune,
            raw_geojson=_square(commune, 350 + 50 * n),
            deliberation=f"Délibération n° 2024-{12 + n} (démonstration)",
            voted_on=dt.date(2024, 3, 1 + n),
            synthetic=True,
        )
        counts["perimeters"] += 1
        if code in DELEGATED:
            services_chain.delegation_create(
                actor=officer,
                commune=commune,
                scope="commerce",
                delegatee="fonciere",
                delegatee_name="Foncière Centres-Villes Vivants",
                detail="Tout le périmètre de sauvegarde",
                valid_from=dt.date(2024, 4, 1),
                deliberation=f"Délibération n° 2024-{30 + n} (démonstration)",
                synthetic=True,
            )
            counts["delegations"] += 1
    open_ones = Opportunity.objects.filter(
        synthetic=True, state__in=["recue", "etude"], price__isnull=False
    ).order_by("pk")[:6]
    for i, opportunity in enumerate(open_ones):
        price = opportunity.price
        analysis = services_chain.analysis_save(
            actor=officer,
            opportunity=opportunity,
            price=price,
            notary_fees=(price * Decimal("0.08")).quantize(Decimal("1")),
            works_budget=Decimal(rng.randrange(10_000, 60_000, 1_000)),
            target_rent=(price * Decimal("0.075")).quantize(Decimal("100")),
            annual_charges=Decimal("1800"),
            target_activity="Commerce de proximité",
            activity_kind="alimentaire" if i % 2 else "commerce",
            target_turnover=Decimal(rng.randrange(150_000, 400_000, 10_000)),
            equity=(price * Decimal("0.4")).quantize(Decimal("1")),
            loan=(price * Decimal("0.5")).quantize(Decimal("1")),
            loan_rate=Decimal("0.035"),
            loan_years=15,
            commune_contribution=Decimal("20000"),
            synthetic=True,
        )
        counts["analyses"] += 1
        if i >= 2:
            services_chain.analysis_submit(actor=officer, analysis=analysis)
        person = _commune_person(opportunity.commune)
        if i >= 4 and person is not None:
            services_chain.analysis_give_opinion(
                actor=person,
                analysis=analysis,
                opinion="favorable",
                reasons="Local stratégique de la rue commerçante (démonstration)",
            )
            if i == 5:
                services_chain.analysis_decide(
                    actor=officer,
                    analysis=analysis,
                    decision="preemption_cession"
                    if opportunity.source in ("dia_commerce", "dia_dpu")
                    else "acquerir",
                    held_on=today,
                    votes_for=7,
                    votes_against=1,
                    votes_abstention=1,
                    reasons="Rendement suffisant et avis favorable de la commune (démonstration)",
                )
    acquisitions = list(Acquisition.objects.filter(synthetic=True).order_by("pk"))
    let = set(Lease.objects.filter(state="en_cours").values_list("premises_id", flat=True))
    # Works on the premises awaiting their first tenant (the latest acquisitions).
    for i, acquisition in enumerate([a for a in acquisitions if a.premises_id not in let][:4]):
        works = services_portfolio.works_create(
            actor=officer,
            acquisition=acquisition,
            title="Remise aux normes et vitrine",
            contractors="Entreprise de démonstration",
            budget=Decimal("30000"),
            synthetic=True,
        )
        counts["works"] += 1
        if i == 3:
            continue  # planned
        start = acquisition.deed_on + dt.timedelta(days=15)
        services_portfolio.works_start(actor=officer, works=works, on=start)
        if i == 2:
            services_portfolio.works_progress(
                actor=officer, works=works, progress=40, actual_cost=Decimal("11000")
            )
            premises_set_status(
                actor=officer, premises=acquisition.premises, status="travaux", on=start,
                source="fonciere", note="Travaux de la foncière (démonstration)",
            )  # fmt: skip
        else:
            services_portfolio.works_finish(
                actor=officer,
                works=works,
                on=start + dt.timedelta(days=60),
                actual_cost=Decimal(28_500 + 2_000 * i),
            )
    commercial = set(
        Lease.objects.filter(state="en_cours", kind="commercial").values_list(
            "premises_id", flat=True
        )
    )
    for acquisition in [a for a in acquisitions if a.premises_id in commercial][:2]:
        offered = today - dt.timedelta(days=120)
        sale = services_portfolio.sale_offer(
            actor=officer,
            acquisition=acquisition,
            buyer_kind="preneur",
            buyer_name="",
            price=Decimal("245000"),
            offered_on=offered,
            synthetic=True,
            today=offered,
        )
        services_portfolio.sale_accept(actor=officer, sale=sale, on=offered + dt.timedelta(days=20))
        services_portfolio.sale_complete(
            actor=officer, sale=sale, deed_on=offered + dt.timedelta(days=70)
        )
        counts["sales"] += 1
    return counts
