"""Writes on dossiers prepared by communes: creation, edition, live computation, submission,
withdrawal, start of works. Every write is audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from cvv.audit.services import log_action
from cvv.core.sequences import next_reference
from cvv.funding.engine import Case, Expense, compute
from cvv.funding.models import Dossier, ExpenseLine, Reglement
from cvv.funding.notifications import notify_commune, notify_instructors
from cvv.funding.rules import rules_of
from cvv.funding.selectors import already_granted_in_edition
from cvv.funding.services.common import money
from cvv.funding.services.pieces import missing_pieces
from cvv.funding.workflows import DOSSIER
from cvv.organisations.access import get_access
from cvv.territories.need import need_of


def _next_reference(edition):
    return next_reference(prefix="FIM", year=edition.year, existing=Dossier.objects.all())


def accompaniment_is_active(commune, edition) -> bool:
    from cvv.programme.selectors import active_accompaniment

    return active_accompaniment(commune, edition) is not None


def case_for(*, commune, edition, expenses, other_public_aid, exclude=None) -> Case:
    """The engine's facts for a dossier of `commune` in `edition` (platform data)."""
    return Case(
        commune=commune.code,
        in_metropole=True,
        population=commune.population,
        fragile=need_of(commune).fragile,
        accompaniment_active=accompaniment_is_active(commune, edition),
        other_public_aid=other_public_aid,
        already_granted_in_edition=already_granted_in_edition(commune, edition, exclude=exclude),
        expenses=tuple(Expense(category=c, amount_ht=a) for c, a in expenses),
    )


def compute_for(*, reglement, commune, edition, expenses, other_public_aid, exclude=None):
    case = case_for(
        commune=commune,
        edition=edition,
        expenses=expenses,
        other_public_aid=other_public_aid,
        exclude=exclude,
    )
    return compute(rules_of(reglement), case)


def dossier_compute(dossier, reglement=None):
    return compute_for(
        reglement=reglement or dossier.reglement,
        commune=dossier.commune,
        edition=dossier.edition,
        expenses=[(line.category, line.amount_ht) for line in dossier.expenses.all()],
        other_public_aid=dossier.other_public_aid,
        exclude=dossier,
    )


def _store_computation(dossier):
    result = dossier_compute(dossier)
    dossier.expected_aid = result.aid_total
    dossier.computation = result.as_json()
    return result


def _check_action(action, commune, edition):
    if action is None:
        return
    accompaniment = action.accompaniment
    if accompaniment.commune_id != commune.pk or accompaniment.edition_id != edition.pk:
        raise ValidationError(
            {"action": "Cette action n’appartient pas à l’accompagnement de la commune."}
        )


@transaction.atomic
def dossier_create(*, commune, edition, title, actor, action=None, description="") -> Dossier:
    if not get_access(actor).can_edit_commune(commune):
        raise PermissionDenied(f"Vous ne travaillez pas pour {commune.nom}.")
    reglement = Reglement.objects.current()
    if reglement is None:
        raise ValidationError("Aucun règlement FIMACS en vigueur.")
    _check_action(action, commune, edition)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Donnez un intitulé au projet."})
    dossier = Dossier(
        reference=_next_reference(edition),
        edition=edition,
        commune=commune,
        action=action,
        reglement=reglement,
        title=title[:250],
        description=description,
        created_by=actor,
    )
    dossier.full_clean(exclude=["envelope"])
    dossier.save()
    _store_computation(dossier)
    dossier.save(update_fields=["expected_aid", "computation"])
    log_action("funding.dossier.created", actor=actor, obj=dossier, data={"title": title})
    return dossier


def parse_expenses(reglement, lines):
    """[(category, label, ht, ttc)] -> validated values; errors name the line."""
    codes = set(reglement.categories.values_list("code", flat=True))
    parsed = []
    for index, (category, label, ht, ttc) in enumerate(lines, start=1):
        if category not in codes:
            raise ValidationError(
                {"expenses": f"Ligne {index} : catégorie inconnue « {category} »."}
            )
        try:
            amount_ht = money(ht, "expenses")
            amount_ttc = money(ttc if ttc not in (None, "") else ht, "expenses")
        except ValidationError as exc:
            raise ValidationError(
                {"expenses": f"Ligne {index} : {' '.join(exc.messages)}"}
            ) from None
        if amount_ttc < amount_ht:
            raise ValidationError(
                {"expenses": f"Ligne {index} : le montant TTC est inférieur au montant HT."}
            )
        if not (label or "").strip():
            raise ValidationError({"expenses": f"Ligne {index} : décrivez la dépense."})
        parsed.append((category, label.strip()[:250], amount_ht, amount_ttc))
    return parsed


@transaction.atomic
def dossier_update(
    *,
    dossier,
    actor,
    title,
    description="",
    action=None,
    other_public_aid="0",
    other_public_aid_detail="",
    own_funds="0",
    starts_on=None,
    ends_on=None,
    schedule="",
    expenses=(),
) -> Dossier:
    """Replace the project's fields and expense lines (draft or completion requested)."""
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if not dossier.is_editable:
        raise ValidationError("Ce dossier n’est plus modifiable dans son état actuel.")
    _check_action(action, dossier.commune, dossier.edition)
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": "La fin prévue précède le début."})
    dossier.title = (title or "").strip()[:250]
    if not dossier.title:
        raise ValidationError({"title": "Donnez un intitulé au projet."})
    dossier.description = description
    dossier.action = action
    dossier.other_public_aid = money(other_public_aid or "0", "other_public_aid")
    dossier.other_public_aid_detail = other_public_aid_detail
    dossier.own_funds = money(own_funds or "0", "own_funds")
    dossier.starts_on, dossier.ends_on, dossier.schedule = starts_on, ends_on, schedule
    lines = parse_expenses(dossier.reglement, expenses)
    dossier.expenses.all().delete()
    ExpenseLine.objects.bulk_create(
        ExpenseLine(
            dossier=dossier, position=i, category=c, label=label, amount_ht=ht, amount_ttc=ttc
        )
        for i, (c, label, ht, ttc) in enumerate(lines)
    )
    _store_computation(dossier)
    dossier.save()
    log_action(
        "funding.dossier.updated",
        actor=actor,
        obj=dossier,
        data={"expenses": len(lines), "expected_aid": dossier.expected_aid},
    )
    return dossier


def missing_for_submission(dossier):
    """What still prevents submission (French messages; empty when complete)."""
    missing = []
    if not dossier.expenses.exists():
        missing.append("Au moins une ligne de dépense.")
    # Each required piece in its slot, none left « à remplacer ».
    return missing + missing_pieces(dossier)


def _freeze_for_submission(dossier):
    """The dossier keeps the règlement in force at its submission."""
    current = Reglement.objects.current()
    if current is not None:
        dossier.reglement = current
    result = _store_computation(dossier)
    dossier.requested_amount = result.aid_total
    dossier.submitted_at = timezone.now()
    return result


def _submit(dossier, actor, name):
    DOSSIER.check(dossier, name, actor)
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        missing = missing_for_submission(dossier)
        if missing:
            raise ValidationError(missing)
        result = _freeze_for_submission(dossier)
        DOSSIER.apply(
            dossier,
            name,
            actor=actor,
            data={"reglement": dossier.reglement.code, "requested": result.aid_total},
            extra_update_fields=[
                "reglement",
                "expected_aid",
                "computation",
                "requested_amount",
                "submitted_at",
            ],
        )
        # Acknowledge the commune; tell the instructors (followers, else all of them).
        notify_commune(dossier, name)
        notify_instructors(dossier, name)
    return dossier


def dossier_submit(*, dossier, actor) -> Dossier:
    return _submit(dossier, actor, "submit")


def dossier_resubmit(*, dossier, actor) -> Dossier:
    return _submit(dossier, actor, "resubmit")


@transaction.atomic
def dossier_withdraw(*, dossier, actor, reason) -> Dossier:
    from cvv.funding.services.budget import envelope_release

    DOSSIER.check(dossier, "withdraw", actor)
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    was_committed = dossier.state in Dossier.COMMITTED_STATES
    if dossier.paid_total > 0:
        raise ValidationError("Des versements ont eu lieu : le dossier ne peut plus être retiré.")
    DOSSIER.apply(dossier, "withdraw", actor=actor, reason=reason)
    if was_committed and dossier.envelope_id:
        envelope_release(dossier=dossier, amount=dossier.granted_amount, actor=actor)
    return dossier


@transaction.atomic
def dossier_declare_start(*, dossier, started_on, actor) -> Dossier:
    dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
    if dossier.state not in (Dossier.State.GRANTED, Dossier.State.CONVENTION_SIGNED):
        raise ValidationError("Le commencement se déclare après l’octroi de l’aide.")
    if started_on > timezone.localdate():
        raise ValidationError({"started_on": "La date de commencement est dans le futur."})
    dossier.works_started_on = started_on
    dossier.save(update_fields=["works_started_on", "updated_at"])
    log_action("funding.dossier.works_started", actor=actor, obj=dossier, data={"on": started_on})
    return dossier
