"""Committee sessions: agenda, decisions in session (with budget check and row locks)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.funding.engine import euros, split
from cvv.funding.models import AgendaItem, CommitteeSession, Dossier
from cvv.funding.notifications import notify_commune
from cvv.funding.rules import rules_of
from cvv.funding.services.budget import envelope_commit, envelope_for
from cvv.funding.services.common import money
from cvv.funding.workflows import DOSSIER, SESSION


@transaction.atomic
def session_create(*, edition, title, date, actor, place="") -> CommitteeSession:
    if not (title or "").strip():
        raise ValidationError({"title": "Donnez un intitulé à la séance."})
    session = CommitteeSession.objects.create(
        edition=edition, title=title.strip(), date=date, place=place, created_by=actor
    )
    log_action("funding.session.created", actor=actor, obj=session, data={"date": date})
    return session


@transaction.atomic
def agenda_add(*, session, dossier, actor, proposed_amount=None) -> AgendaItem:
    from cvv.funding.services.dossiers import dossier_compute

    session = CommitteeSession.objects.select_for_update().get(pk=session.pk)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if session.state != CommitteeSession.State.PLANNED:
        raise ValidationError("La séance est close.")
    if dossier.state != Dossier.State.READY_FOR_COMMITTEE:
        raise ValidationError({"dossier": "Seuls les dossiers prêts pour le comité s’inscrivent."})
    if dossier.edition_id != session.edition_id:
        raise ValidationError({"dossier": "Le dossier relève d’une autre édition."})
    if session.items.filter(dossier=dossier).exists():
        raise ValidationError({"dossier": "Le dossier est déjà à l’ordre du jour."})
    computed = dossier_compute(dossier).aid_total
    proposed = computed if proposed_amount in (None, "") else money(proposed_amount, "amount")
    if proposed > computed:
        raise ValidationError(
            {"proposed_amount": f"Au plus l’aide calculée par le règlement : {euros(computed)}."}
        )
    item = AgendaItem.objects.create(
        session=session,
        dossier=dossier,
        position=session.items.count() + 1,
        proposed_amount=proposed,
    )
    log_action(
        "funding.session.agenda_added",
        actor=actor,
        obj=session,
        data={"dossier": dossier.reference, "proposed": proposed},
    )
    return item


def decision_record(
    *, item, decision, actor, amount=None, conditions="", reasons="", override_reason=""
) -> AgendaItem:
    """Record the committee's decision on one agenda item. A grant locks the dossier and the
    envelope rows, checks the rules' maximum and the remaining budget, then commits."""
    from cvv.funding.services.dossiers import dossier_compute

    name = {
        AgendaItem.Decision.GRANTED: "grant",
        AgendaItem.Decision.REFUSED: "refuse",
        AgendaItem.Decision.DEFERRED: "defer",
    }.get(decision)
    if name is not None:
        DOSSIER.check(item.dossier, name, actor)
    with transaction.atomic():
        item = AgendaItem.objects.select_for_update().select_related("session").get(pk=item.pk)
        dossier = Dossier.objects.select_for_update().get(pk=item.dossier_id)
        if item.decision:
            raise ValidationError("Ce point a déjà été décidé.")
        if item.session.state != CommitteeSession.State.PLANNED:
            raise ValidationError("La séance est close.")
        today = timezone.localdate()
        if decision == AgendaItem.Decision.GRANTED:
            year = item.session.date.year
            # Lock the envelope first: grants of one edition and year are serialised, so
            # the edition cap (already granted) and the remaining budget are both current.
            envelope = envelope_for(dossier.edition, year, lock=True)
            if envelope is None:
                raise ValidationError(
                    {"amount": f"Aucune enveloppe FIMACS {year} pour {dossier.edition}."}
                )
            result = dossier_compute(dossier)
            granted = result.aid_total if amount in (None, "") else money(amount, "amount")
            if granted <= 0:
                raise ValidationError({"amount": "Une aide accordée est positive."})
            if granted > result.aid_total:
                raise ValidationError(
                    {
                        "amount": f"Au plus l’aide calculée par le règlement "
                        f"({euros(result.aid_total)})."
                    }
                )
            if granted != granted.to_integral_value():
                raise ValidationError({"amount": "L’aide accordée est en euros entiers."})
            envelope_commit(
                envelope=envelope,
                dossier=dossier,
                amount=granted,
                actor=actor,
                override_reason=override_reason,
            )
            # The committee's amount shared over the computed parts by the contract's step 6
            # (largest remainder): no part exceeds what the règlement gives its category.
            # Stored here once: pages, conventions and payments read these amounts and never
            # recompute them, so a later change of the engine leaves a decided aid as it was.
            rules = rules_of(dossier.reglement)
            computed = {code: Decimal(value) for code, value in result.aid_by_category.items()}
            parts = split(rules, computed, granted)
            if sum(parts.values(), Decimal(0)) != granted:  # pragma: no cover - engine invariant
                raise ValidationError({"amount": "Répartition par catégorie incohérente."})
            dossier.granted_amount = granted
            dossier.granted_by_category = {code: str(v) for code, v in parts.items()}
            dossier.granted_rates = {code: str(r) for code, r in result.rates.items()}
            dossier.envelope = envelope
            dossier.decision_conditions = conditions
            dossier.decided_on = item.session.date
            DOSSIER.apply(
                dossier,
                "grant",
                actor=actor,
                reason=conditions,
                data={"amount": granted, "session": item.session_id},
                extra_update_fields=[
                    "granted_amount",
                    "granted_by_category",
                    "granted_rates",
                    "envelope",
                    "decision_conditions",
                    "decided_on",
                ],
            )
            item.decided_amount = granted
        elif decision in (AgendaItem.Decision.REFUSED, AgendaItem.Decision.DEFERRED):
            if not (reasons or "").strip():
                raise ValidationError({"reasons": "Motivez la décision."})
            dossier.decision_reasons = reasons
            dossier.decided_on = today if decision == AgendaItem.Decision.REFUSED else None
            DOSSIER.apply(
                dossier,
                "refuse" if decision == AgendaItem.Decision.REFUSED else "defer",
                actor=actor,
                reason=reasons,
                data={"session": item.session_id},
                extra_update_fields=["decision_reasons", "decided_on"],
            )
        else:
            raise ValidationError({"decision": "Décision inconnue."})
        item.decision = decision
        item.conditions, item.reasons = conditions, reasons
        item.decided_at = timezone.now()
        item.save()
        notify_commune(
            dossier,
            {"granted": "grant", "refused": "refuse", "deferred": "defer"}[decision],
            conditions if decision == AgendaItem.Decision.GRANTED else reasons,
        )
    return item


@transaction.atomic
def session_close(*, session, minutes, actor) -> CommitteeSession:
    SESSION.check(session, "close", actor)
    session = CommitteeSession.objects.select_for_update().get(pk=session.pk)
    if session.state != CommitteeSession.State.PLANNED:
        raise ValidationError("La séance est déjà close.")
    if session.items.filter(decision="").exists():
        raise ValidationError("Des points de l’ordre du jour n’ont pas été décidés.")
    session.minutes = minutes
    return SESSION.apply(session, "close", actor=actor, extra_update_fields=["minutes"])
