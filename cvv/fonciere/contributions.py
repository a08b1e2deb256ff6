"""What the foncière adds to other modules' pages (see `cvv.core.plugins.contributions`): a
commune's opportunities with their legal deadlines and its leases on its single view; the
year's opportunities, acquisitions and leases in the yearly report."""

from collections import Counter

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format


def commune_summary(commune, user):
    from cvv.fonciere.selectors import leases_visible_to, opportunities_visible_to

    opportunities = list(opportunities_visible_to(user).filter(commune=commune))
    leases = list(leases_visible_to(user).filter(commune=commune))
    if not opportunities and not leases:
        return None
    today = timezone.localdate()
    open_ones = [o for o in opportunities if o.deadline and o.deadline >= today]
    facts = [
        {
            "label": f"Opportunité — {o.premises.address}",
            "value": f"{o.get_state_display()}"
            + (f", réponse avant le {o.deadline:%d/%m/%Y}" if o.deadline else ""),
        }
        for o in opportunities[:10]
    ] + [
        {
            "label": f"Bail {lease.reference} — {lease.premises.address}",
            "value": f"{lease.get_state_display()}, {lease.tenant_name}, loyer annuel "
            f"{number_format(lease.rent, 2, force_grouping=True)} €",
        }
        for lease in leases[:10]
    ]
    return {
        "key": "fonciere",
        "title": "Foncière : opportunités, délais et baux",
        "order": 45,
        "facts": facts,
        "links": [
            {
                "label": f"Opportunité — {o.premises.address}",
                "url": reverse("fonciere:opportunity", args=[o.pk]),
            }
            for o in opportunities[:10]
        ]
        + [
            {"label": f"Bail {lease.reference}", "url": reverse("fonciere:lease", args=[lease.pk])}
            for lease in leases[:10]
        ],
        "data": {
            "opportunities": [
                {
                    "id": o.pk,
                    "state": o.state,
                    "deadline": o.deadline.isoformat() if o.deadline else None,
                }
                for o in opportunities
            ],
            "open_deadlines": len(open_ones),
            "leases": [{"reference": lease.reference, "state": lease.state} for lease in leases],
        },
    }


def annual_report_section(year, as_of):
    from cvv.fonciere.models import Acquisition, Lease, Opportunity

    opportunities = Opportunity.objects.filter(received_on__year=year, received_on__lte=as_of)
    leases = Lease.objects.filter(start__lte=as_of)
    if not opportunities.exists() and not leases.exists():
        return None
    states = Counter(o.get_state_display() for o in opportunities)
    acquisitions = Acquisition.objects.filter(opportunity__in=opportunities).count()
    return {
        "title": "Foncière : acquisitions et locations",
        "order": 45,
        "synthetic": opportunities.filter(premises__synthetic=True).exists(),
        "paragraphs": [
            f"{opportunities.count()} opportunité(s) reçue(s) en {year} au {as_of:%d/%m/%Y}, "
            f"dont {acquisitions} acquisition(s) ; {leases.count()} bail(s) ayant pris effet "
            "depuis le début (état actuel de chaque dossier)."
        ],
        "tables": [],
        "charts": [
            {
                "title": f"Opportunités reçues en {year} par état actuel",
                "labels": list(states),
                "values": list(states.values()),
                "unit": "opportunités",
            }
        ]
        if states
        else [],
    }


def _letting_application(
    *, premises, candidate_name, on, actor, source, activity, annual_rent, project
):
    """The candidate's application to the letting of a premises the foncière holds (an
    acquisition without a candidate retained yet), at the agreed annual rent: the one already
    recorded for the same candidate through the same `source` (e.g. the introduction filed
    its application, then the lease is signed), else a new one (audited). Returns
    (held acquisition or None, application or None, created)."""
    held = premises.fonciere_acquisitions.order_by("-deed_on", "-pk").first()
    if held is None or annual_rent is None:
        return held, None, False
    from cvv.audit.services import log_action
    from cvv.fonciere.enums_chain import ApplicationState
    from cvv.fonciere.models_portfolio import LettingApplication

    existing = held.applications.filter(
        candidate_name=candidate_name[:200], project__contains=source
    ).first()
    if existing is not None:
        return held, existing, False
    if held.applications.filter(state=ApplicationState.CHOSEN).exists():
        return held, None, False
    application = LettingApplication.objects.create(
        acquisition=held,
        commune=held.commune,
        candidate_name=candidate_name[:200],
        activity=(activity or "Activité à préciser")[:200],
        project=project,
        proposed_rent=annual_rent,
        received_on=on,
        synthetic=held.synthetic,
    )
    log_action("fonciere.application.create", actor=actor, obj=application, data={"source": source})
    return held, application, True


def premises_applied(*, premises, candidate_name, on, actor, source, activity="",
                     annual_rent=None):  # fmt: skip
    """Matchmaking's `premises_applied` hook: a candidate filed its application for a
    premises through an introduction. When the foncière holds the premises, the candidate
    enters its letting (`LettingApplication`, dated the filing, rent as offered) for the
    commune's opinion and the letting committee; the lease signed later through the same
    introduction finds it (no second application). Returns the application or None."""
    _held, application, _created = _letting_application(
        premises=premises,
        candidate_name=candidate_name,
        on=on,
        actor=actor,
        source=source,
        activity=activity,
        annual_rent=annual_rent,
        project=f"Candidature déposée le {on:%d/%m/%Y} — {source}.",
    )
    return application


def premises_let(*, premises, tenant_name, on, actor, source, activity="", annual_rent=None):
    """Matchmaking's `premises_let` hook: a premises the foncière follows or owns is let
    (lease signed through an introduction). The register already says occupied; the
    foncière records the letting in its trail. When it holds the premises (an acquisition
    without a candidate retained yet), the tenant is in its letting as a candidate
    (`LettingApplication`, the one its introduction's application created, else a new one
    dated the signature, rent as agreed): the committee retains it and the foncière draws
    up its own lease from it (`lease_from_application`)."""
    held = premises.fonciere_acquisitions.order_by("-deed_on", "-pk").first()
    if not (premises.fonciere_followed or premises.owner_kind == "fonciere" or held):
        return None
    from cvv.audit.services import log_action

    _held, application, _created = _letting_application(
        premises=premises,
        candidate_name=tenant_name,
        on=on,
        actor=actor,
        source=source,
        activity=activity,
        annual_rent=annual_rent,
        project=f"Bail signé le {on:%d/%m/%Y} — {source}.",
    )
    return log_action(
        "fonciere.premises.let",
        actor=actor,
        obj=premises,
        data={
            "tenant": tenant_name,
            "on": on.isoformat(),
            "source": source,
            "application": application.pk if application else None,
        },
    )


def _commune_panel_items(commune, user):
    """The foncière's items for one commune, scoped to `user` (the foncière and the
    Métropole's staff: any commune; a commune's people: their own; others: nothing):
    its open opportunities with their deadline and article, then what the foncière did
    there (premises acquired and held, works, leases by kind and state, sales). No
    tenant's name: a lease is shown by its number, kind and state."""
    from cvv.fonciere.models_portfolio import Sale, Works
    from cvv.fonciere.selectors import _scope, leases_visible_to, opportunities_visible_to
    from cvv.fonciere.selectors_portfolio import acquisitions_visible_to
    from cvv.fonciere.workflows import OPEN

    opportunities = list(
        opportunities_visible_to(user).filter(commune=commune).order_by("deadline", "pk")
    )
    acquisitions = list(acquisitions_visible_to(user).filter(commune=commune))
    if not opportunities and not acquisitions:
        return []
    items = []
    for o in opportunities:
        if o.state not in OPEN:
            continue
        detail = o.get_state_display()
        if o.deadline:
            detail += f", réponse avant le {o.deadline:%d/%m/%Y} ({o.deadline_article})"
        items.append(
            {
                "label": f"Opportunité — {o.premises.address}",
                "url": reverse("fonciere:opportunity", args=[o.pk]),
                "detail": detail,
            }
        )
    lapsed = sum(1 for o in opportunities if o.state == "renonciation_tacite")
    works = _scope(Works.objects.all(), user).filter(commune=commune)
    sold = _scope(Sale.objects.filter(state="vendue"), user).filter(commune=commune).count()
    leases = Counter(
        (lease.get_kind_display(), lease.get_state_display())
        for lease in leases_visible_to(user).filter(commune=commune)
    )
    done = [
        f"{len(acquisitions)} local(aux) acquis dont {sold} revendu(s)",
        f"{works.count()} chantier(s) de travaux",
        *(f"{n} {kind.lower()} — {state.lower()}" for (kind, state), n in sorted(leases.items())),
    ]
    if lapsed:
        done.append(f"{lapsed} déclaration(s) sans décision dans le délai (renonciation tacite)")
    items.append(
        {
            "label": "Ce que la foncière a fait dans la commune",
            "url": reverse("fonciere:portfolio"),
            "detail": " ; ".join(done),
        }
    )
    return items


def commune_page_panels(commune, user):
    """On the commune's page, for the people who may see its foncière files: its open
    opportunities and their deadlines, and what the foncière did there."""
    items = _commune_panel_items(commune, user)
    if not items:
        return None
    return {
        "key": "fonciere",
        "title": "Foncière : opportunités, délais et interventions",
        "order": 45,
        "items": [{"label": f"{i['label']} — {i['detail']}", "url": i["url"]} for i in items],
    }


def programme_accompaniment_panels(accompaniment, user):
    """The same panel in the commune's accompaniment."""
    items = _commune_panel_items(accompaniment.commune, user)
    if not items:
        return None
    return {
        "id": "fonciere",
        "title": "Foncière : opportunités, délais et interventions",
        "items": items,
        "empty": "Aucune opportunité en cours.",
        "action": None,
    }
