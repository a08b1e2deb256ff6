"""The foncière's legal deadlines as one calendar, and the alerts sent before each.

`calendar(user, start, end)`: every dated obligation the person may see, soonest first —
the answer to a declaration (open opportunities), the re-assignment of a pre-empted premises
(acquisitions not sold), the tenant's first refusal (sales offered or accepted), and for
each lease in force its triennial notice dates, the landlord's notice date and its term
(derogatory lease: the date it becomes a commercial lease if the tenant stays). Each item
carries its article.

`alerts_send(today)` (daily task, `cvv fonciere alerts`): an in-platform notification and an
e-mail (for those who accept them) to the foncière's officers and the commune's people,
once when a deadline is `ALERT_DAYS[0]` days away or less, once more at `ALERT_DAYS[1]`.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.urls import reverse

from cvv.core.ical import escape_text, fold
from cvv.fonciere import deadlines, selectors
from cvv.fonciere.enums import LeaseKind
from cvv.fonciere.models import Acquisition, Lease, Opportunity
from cvv.fonciere.models_portfolio import Sale
from cvv.organisations.access import get_access
from cvv.organisations.enums import Role
from cvv.organisations.selectors import people_of_commune

ALERT_DAYS = (30, 7)
OPEN_OPPORTUNITY = ("recue", "suspendue", "etude")


@dataclass(frozen=True)
class Deadline:
    on: dt.date
    label: str
    article: str
    url: str
    commune: object
    key: str

    @property
    def text(self):
        place, day = self.commune.nom, f"{self.on:%d/%m/%Y}"
        return f"{self.label} ({place}) : au plus tard le {day} — {self.article}."


def _lease_items(lease):
    url = reverse("fonciere:lease", args=[lease.pk])
    name = f"Bail n° {lease.reference} ({lease.tenant_name})"
    if lease.kind == LeaseKind.COMMERCIAL:
        years = max(9, round((lease.end - lease.start).days / 365.25))
        dates = deadlines.bail_commercial(lease.start, years)
        article = deadlines.ARTICLES["bail_commercial"]
        for n, step in enumerate(dates["breaks"], start=1):
            yield (
                step["notice_by"],
                f"{name} : congé du preneur pour la fin de la "
                f"période triennale du {step['period_end']:%d/%m/%Y}",
                article,
                url,
                f"lease:{lease.pk}:break{n}",
            )
        yield (
            dates["landlord_notice_by"],
            f"{name} : congé du bailleur avant le terme",
            article,
            url,
            f"lease:{lease.pk}:landlord",
        )
        yield (
            dates["term"],
            f"{name} : terme (sans congé, prolongation tacite)",
            article,
            url,
            f"lease:{lease.pk}:term",
        )
    elif lease.kind in (LeaseKind.DEROGATORY, LeaseKind.SHOP_TRIAL):
        yield (
            lease.end,
            f"{name} : terme du bail dérogatoire (un mois de maintien dans les lieux "
            "le convertit en bail commercial)",
            deadlines.ARTICLES["bail_derogatoire"],
            url,
            f"lease:{lease.pk}:term",
        )
    else:
        yield lease.end, f"{name} : terme", "stipulation du bail", url, f"lease:{lease.pk}:term"


def _items(opportunities, acquisitions, sales, leases):
    for o in opportunities.filter(state__in=OPEN_OPPORTUNITY, deadline__isnull=False):
        yield (
            o.deadline,
            f"Opportunité n° {o.pk} ({o.premises.address}) : réponse à la "
            "déclaration, le silence vaut renonciation",
            o.deadline_article,
            reverse("fonciere:opportunity", args=[o.pk]),
            o.commune,
            f"opportunity:{o.pk}",
        )
    for a in acquisitions.filter(retrocession_deadline__isnull=False).exclude(
        sales__state="vendue"
    ):
        yield (
            a.retrocession_deadline,
            f"Local {a.premises.address} : rétrocession du bien préempté",
            deadlines.ARTICLES["retrocession"],
            reverse("fonciere:acquisition", args=[a.pk]),
            a.commune,
            f"acquisition:{a.pk}",
        )
    article = deadlines.ARTICLES["tenant_first_refusal"]
    for s in sales.filter(buyer_kind="preneur", state__in=["offerte", "acceptee"]):
        url = reverse("fonciere:acquisition", args=[s.acquisition_id])
        if s.state == "offerte" and s.accept_by:
            yield (s.accept_by, f"Vente à {s.buyer_name} : acceptation de l’offre par le "
                   "preneur", article, url, s.commune, f"sale:{s.pk}:accept")  # fmt: skip
        if s.complete_by:
            yield (s.complete_by, f"Vente à {s.buyer_name} : réalisation de la vente", article,
                   url, s.commune, f"sale:{s.pk}:complete")  # fmt: skip
    for lease in leases.filter(state="en_cours"):
        for on, label, art, url, key in _lease_items(lease):
            yield on, label, art, url, lease.commune, key


def _all(opportunities, acquisitions, sales, leases, start, end):
    rows = [
        Deadline(on, label, article, url, commune, key)
        for on, label, article, url, commune, key in _items(
            opportunities.select_related("premises", "commune"),
            acquisitions.select_related("premises", "commune"),
            sales.select_related("commune"),
            leases.select_related("commune"),
        )
        if start <= on <= end
    ]
    return sorted(rows, key=lambda d: (d.on, d.label))


def calendar(user, start, end):
    """The deadlines between `start` and `end` the person may see, soonest first."""
    access = get_access(user)
    sales = Sale.objects.all()
    if not selectors.is_manager(user):
        codes = access.commune_codes if access.is_authenticated else []
        sales = sales.filter(commune__code__in=codes)
    return _all(
        selectors.opportunities_visible_to(user),
        selectors._scope(Acquisition.objects.all(), user),
        sales,
        selectors.leases_visible_to(user),
        start,
        end,
    )


def officers():
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.FONCIERE_OFFICER,
        )
        .distinct()
    )


def alerts_send(*, today=None) -> int:
    """Alerts for the deadlines within `ALERT_DAYS[0]` days; returns how many deadlines
    were announced (each person is told once per deadline and threshold)."""
    from cvv.programme.models import ReminderKind
    from cvv.programme.services.notify import notify_and_email

    today = today or dt.date.today()
    items = _all(
        Opportunity.objects.all(), Acquisition.objects.all(), Sale.objects.all(),
        Lease.objects.all(), today, today + dt.timedelta(days=ALERT_DAYS[0]),
    )  # fmt: skip
    staff = list(officers())
    count = 0
    for item in items:
        left = (item.on - today).days
        threshold = min(d for d in ALERT_DAYS if d >= left)
        people = {u.pk: u for u in [*staff, *people_of_commune(item.commune)]}
        when = "aujourd’hui" if left == 0 else f"dans {left} jour{'s' if left > 1 else ''}"
        notify_and_email(
            list(people.values()),
            kind=ReminderKind.FONCIERE,
            text=f"Échéance {when} — {item.text}",
            url=item.url,
            key=f"fonciere:{item.key}:{item.on:%Y%m%d}:{threshold}",
        )
        count += 1
    return count


def icalendar(items, *, base_url, stamp) -> str:
    """The deadlines as an iCalendar file (all-day events, RFC 5545)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Centres-Villes Vivants//Fonciere//FR",
             "CALSCALE:GREGORIAN", "X-WR-CALNAME:Échéances de la foncière"]  # fmt: skip
    for item in items:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(item.key)}-{item.on:%Y%m%d}@centres-villes-vivants",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART;VALUE=DATE:{item.on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{item.on + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{escape_text(item.label)}",
            f"DESCRIPTION:{escape_text(item.text)}",
            f"URL:{base_url}{item.url}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
