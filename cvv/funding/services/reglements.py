"""Editing the règlement through the interface: a new draft version derived from an existing
one, its parameters and categories changed (each with its source), then adopted. An adopted
version is immutable; its history is the chain of versions and the audit entries."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from cvv.audit.services import log_action
from cvv.core.amounts import FRENCH, AmountError, parse_amount
from cvv.funding.models import Reglement, ReglementCategory, ReglementParameter
from cvv.funding.services.common import money
from cvv.funding.workflows import REGLEMENT

RATIO_UNITS = {"ratio"}


@transaction.atomic
def reglement_create_draft(*, source, code, title, effective_from, actor) -> Reglement:
    code = slugify(code or "")[:40]
    if not code:
        raise ValidationError({"code": "Donnez un code de version (ex. fimacs-2027)."})
    if Reglement.objects.filter(code=code).exists():
        raise ValidationError({"code": f"La version « {code} » existe déjà."})
    draft = Reglement.objects.create(
        code=code,
        title=(title or "").strip() or f"Règlement FIMACS {code}",
        status=Reglement.Status.DRAFT,
        is_default=False,
        effective_from=effective_from,
        source=f"Dérivé de {source.code}",
        derived_from=source,
        created_by=actor,
    )
    ReglementParameter.objects.bulk_create(
        ReglementParameter(
            reglement=draft,
            position=p.position,
            key=p.key,
            label=p.label,
            unit=p.unit,
            value=p.value,
            source=p.source,
        )
        for p in source.parameters.all()
    )
    ReglementCategory.objects.bulk_create(
        ReglementCategory(
            reglement=draft,
            position=c.position,
            code=c.code,
            label=c.label,
            eligible=c.eligible,
            base_rate=c.base_rate,
            ceiling=c.ceiling,
            source=c.source,
        )
        for c in source.categories.all()
    )
    log_action(
        "funding.reglement.draft_created", actor=actor, obj=draft, data={"from": source.code}
    )
    return draft


def _check_editable(reglement):
    if not reglement.is_editable:
        raise ValidationError("Une version votée ne se modifie pas : créez une nouvelle version.")


@transaction.atomic
def reglement_update(*, reglement, actor, parameters=None, categories=None, **fields):
    """`parameters`: {key: (value, source)}; `categories`: {code: dict(eligible, base_rate,
    ceiling, source)}; `fields`: title, effective_from, deliberation."""
    reglement = Reglement.objects.select_for_update().get(pk=reglement.pk)
    _check_editable(reglement)
    changes = {}
    for name in ("title", "effective_from", "deliberation"):
        if name in fields and fields[name] is not None:
            setattr(reglement, name, fields[name])
            changes[name] = fields[name]
    reglement.save()
    for parameter in reglement.parameters.all():
        if parameters and parameter.key in parameters:
            value, source = parameters[parameter.key]
            if parameter.unit in RATIO_UNITS:
                value = _ratio(value, parameter.key)
            else:  # the column (14 digits, 4 places) shows "10000.0000": read it, then cents
                value = money(value, parameter.key, max_digits=14, decimal_places=4)
                if value != value.quantize(Decimal("0.01")):
                    raise ValidationError({parameter.key: "Au plus deux décimales (centimes)."})
            source = (source or "").strip()
            if not source:
                raise ValidationError({parameter.key: "Chaque paramètre cite sa source."})
            if value != parameter.value or source != parameter.source:
                changes[parameter.key] = {"from": parameter.value, "to": value}
                parameter.value, parameter.source = value, source
                parameter.save(update_fields=["value", "source"])
    for category in reglement.categories.all():
        if categories and category.code in categories:
            data = categories[category.code]
            eligible = bool(data.get("eligible"))
            base_rate = _ratio(data.get("base_rate"), category.code) if eligible else None
            ceiling = money(data.get("ceiling"), category.code) if eligible else None
            source = (data.get("source") or "").strip()
            if not source:
                raise ValidationError({category.code: "Chaque catégorie cite sa source."})
            new = (eligible, base_rate, ceiling, source)
            old = (category.eligible, category.base_rate, category.ceiling, category.source)
            if new != old:
                changes[category.code] = {"rate": base_rate, "ceiling": ceiling}
                category.eligible, category.base_rate, category.ceiling, category.source = new
                category.save()
    log_action("funding.reglement.updated", actor=actor, obj=reglement, data=changes)
    return reglement


def _ratio(value, field):
    """A rate between 0 and 1 with at most four decimals (the columns' 5 digits, 4 places)."""
    try:
        rate = parse_amount(
            value if isinstance(value, Decimal) else str(value or "").strip(),
            field=field,
            max_digits=5,
            decimal_places=4,
            grammar=FRENCH,
        )
    except AmountError:
        raise ValidationError(
            {field: f"Taux illisible : « {value} » (entre 0 et 1, ex. 0.40 pour 40 %)."}
        ) from None
    if rate > 1:
        raise ValidationError({field: "Un taux s’écrit entre 0 et 1 (ex. 0.40 pour 40 %)."})
    return rate


@transaction.atomic
def reglement_adopt(*, reglement, deliberation, actor) -> Reglement:
    REGLEMENT.check(reglement, "adopt", actor)
    reglement = Reglement.objects.select_for_update().get(pk=reglement.pk)
    _check_editable(reglement)
    if not (deliberation or "").strip():
        raise ValidationError({"deliberation": "Citez la délibération qui vote ce règlement."})
    from cvv.funding.rules import rules_of

    rules_of(reglement)  # an incomplete version cannot be voted
    reglement.deliberation = deliberation.strip()
    reglement.adopted_by, reglement.adopted_at = actor, timezone.now()
    return REGLEMENT.apply(
        reglement,
        "adopt",
        actor=actor,
        data={"deliberation": deliberation},
        extra_update_fields=["deliberation", "adopted_by", "adopted_at"],
    )


@transaction.atomic
def reglement_delete_draft(*, reglement, actor):
    reglement = Reglement.objects.select_for_update().get(pk=reglement.pk)
    _check_editable(reglement)
    if reglement.dossiers.exists():
        raise ValidationError("Des dossiers utilisent cette version.")
    log_action("funding.reglement.draft_deleted", actor=actor, data={"code": reglement.code})
    reglement.delete()
