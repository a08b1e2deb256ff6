"""What the premises register adds to other modules' pages (see
`cvv.core.plugins.contributions`): the commune's premises on its single view, the register's
figures in the yearly report."""

from collections import Counter

from django.urls import reverse
from django.utils import timezone

from cvv.premises.enums import PremisesStatus


def observatory_known_addresses():
    """Located premises of the register, for the observatory to place establishments whose
    SIRENE coordinates are unknown at the same address: (commune code, address, lon, lat)."""
    from cvv.premises.models import Premises

    return Premises.objects.filter(lon__isnull=False, lat__isnull=False).values_list(
        "commune__code", "address", "lon", "lat"
    )


def commune_summary(commune, user):
    from cvv.premises.selectors import premises_visible_to

    premises = list(premises_visible_to(user).filter(commune=commune))
    if not premises:
        return None
    today = timezone.localdate()
    statuses = Counter(p.get_status_display() for p in premises)
    vacant = [p for p in premises if p.status == PremisesStatus.VACANT]
    classes = Counter(label for p in vacant if (label := p.vacancy_class_label(today)))
    facts = [
        {"label": f"Locaux — {label}", "value": str(n)} for label, n in sorted(statuses.items())
    ]
    facts += [{"label": label, "value": str(n)} for label, n in sorted(classes.items())]
    facts.append(
        {
            "label": "Vacants dans un périmètre de centre-ville",
            "value": str(sum(1 for p in vacant if p.in_centre)),
        }
    )
    return {
        "key": "premises",
        "title": "Registre des locaux",
        "order": 40,
        "synthetic": any(p.synthetic for p in premises),
        "facts": facts,
        "links": [
            {
                "label": "Les locaux de la commune",
                "url": reverse("premises:list") + f"?commune={commune.code}",
            }
        ],
        "data": {
            "premises": len(premises),
            "by_status": {
                p: sum(1 for x in premises if x.status == p) for p in PremisesStatus.values
            },
            "vacant_in_centre": sum(1 for p in vacant if p.in_centre),
        },
    }


def annual_report_section(year, as_of):
    from cvv.premises.models import Premises

    premises = Premises.objects.filter(created_at__date__lte=as_of)
    if not premises.exists():
        return None
    statuses = Counter(premises.values_list("status", flat=True))
    labels = dict(PremisesStatus.choices)
    return {
        "title": "Registre des locaux",
        "order": 40,
        "synthetic": premises.filter(synthetic=True).exists(),
        "paragraphs": [
            f"{premises.count()} local(aux) au registre au {as_of:%d/%m/%Y}, partagé(s) par "
            "l’observatoire, la foncière et la mise en relation (statut actuel de chacun)."
        ],
        "tables": [],
        "charts": [
            {
                "title": "Locaux par statut",
                "labels": [labels[s] for s in statuses],
                "values": list(statuses.values()),
                "unit": "locaux",
            }
        ],
    }
