"""The French text telling a tenant of a rent fixed during its lease (revision L145-38,
renewal L145-34 C. com.): old and new annual rent, effective date, the index values of the
last fixing and of the new one, and the regularisation of the calls already issued."""

from decimal import Decimal

from cvv.fonciere import indexation, selectors
from cvv.fonciere.templatetags.fonciere_format import euros


def _index_value(lease, quarter_code, values):
    quarter = indexation.parse_quarter(quarter_code)
    value = values.get((lease.index, quarter))
    label = f"{lease.index} {indexation.quarter_text(quarter)}"
    return f"{label} : {value}" if value is not None else f"{label} : non publié"


def rent_setting_text(setting) -> list:
    lease = setting.lease
    values = selectors.index_values()
    previous = (
        lease.rent_settings.filter(effective_on__lt=setting.effective_on)
        .order_by("-effective_on")
        .first()
    )
    fixing_quarter = previous.reference_quarter if previous else lease.reference_quarter
    regularisation = getattr(setting, "regularisation", None)
    old = regularisation.previous_rent if regularisation is not None else None
    lines = [
        f"Le loyer de votre bail n° {lease.reference} ({lease.premises.address}, "
        f"{lease.commune.nom}) a été fixé par {setting.get_kind_display().lower()} "
        f"({setting.article}).",
        "",
        f"Loyer annuel HT précédent : {euros(old) if old is not None else 'non calculable'}",
        f"Nouveau loyer annuel HT : {euros(setting.annual_rent)}",
        f"En vigueur le : {setting.effective_on:%d/%m/%Y}",
        f"Indice de la dernière fixation — {_index_value(lease, fixing_quarter, values)}",
        f"Indice du nouveau loyer — {_index_value(lease, setting.reference_quarter, values)}",
    ]
    if setting.explanation:
        lines.append(f"Motif : {setting.explanation}")
    lines.append("")
    amount = regularisation.amount if regularisation is not None else Decimal("0")
    if amount > 0:
        lines.append(
            f"Les appels déjà émis depuis cette date ({len(regularisation.lines)}) sont "
            f"régularisés : {euros(amount)} restent dus, portés en ligne distincte sur votre "
            "prochain avis d’échéance."
        )
    elif amount < 0:
        lines.append(
            f"Les appels déjà émis depuis cette date ({len(regularisation.lines)}) sont "
            f"régularisés : {euros(-amount)} vous sont dus, enregistrés comme avoir imputé "
            "sur un prochain appel ou restitué."
        )
    else:
        lines.append("Aucun appel déjà émis n’est à régulariser.")
    return lines
