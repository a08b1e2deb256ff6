"""Demo data of the rent collection ("données de démonstration"), built through the
services after the leases of `demo.py`: two leases with a rent-free period and a rent step
(one ended at the end of 2024 with its deposit returned net of arrears), reminders of the
oldest unpaid calls, annual charges statements with a regularisation call or a credit, and
an imported bank statement whose proposed matches were confirmed."""

import datetime as dt
from decimal import Decimal

from cvv.fonciere import bank_import, collection, services
from cvv.fonciere.enums import CallKind
from cvv.fonciere.models import Lease, RentCall
from cvv.fonciere.workflows import LEASE_WORKFLOW
from cvv.premises import services as premises_services
from cvv.territories.models import Commune

D = dt.date


def _lease_with_franchise(officer, commune_code, address, trade, rent):
    place = premises_services.premises_create(
        actor=officer, commune=Commune.objects.get(code=commune_code), address=address,
        status="vacant", on=D(2022, 6, 1), sales_area_m2=Decimal(60), synthetic=True,
    )  # fmt: skip
    lease = services.lease_create(
        actor=officer, premises=place, kind="commercial",
        tenant_name=f"{trade} (démonstration)", start=D(2023, 1, 1), rent=rent,
        reference_quarter="2022-T3", charges_provision=Decimal("120"),
        deposit=(rent / 2).quantize(Decimal("1")), synthetic=True,
    )  # fmt: skip
    services.lease_sign(actor=officer, lease=lease)
    # Three months rent-free for the fitting-out, then a step at 75 % for the first year.
    collection.adjustment_add(actor=officer, lease=lease, kind="franchise",
                              start=D(2023, 1, 1), end=D(2023, 3, 31))  # fmt: skip
    collection.adjustment_add(actor=officer, lease=lease, kind="palier", start=D(2023, 4, 1),
                              end=D(2023, 12, 31), annual_rent=rent * 3 / 4)  # fmt: skip
    return lease


def load(*, officer, stdout=None):
    first = _lease_with_franchise(officer, "93048", "12 rue de la République", "Torréfacteur",
                                  Decimal("18000"))  # fmt: skip
    second = _lease_with_franchise(officer, "94068", "3 place du Marché", "Caviste",
                                   Decimal("14400"))  # fmt: skip
    for lease in (first, second):
        calls = services.rent_calls_generate(actor=officer, lease=lease, until=D(2024, 12, 31))
        paid = calls[:-2] if lease == second else calls[:-1]
        for call in paid:
            services.payment_record(actor=officer, rent_call=call, paid_on=call.due_on,
                                    amount=call.total)  # fmt: skip
    for lease in Lease.objects.filter(synthetic=True, state="en_cours").order_by("pk")[:4]:
        year = max(lease.start.year, 2023)
        actual = collection.provisions_called(lease, year) + Decimal(
            "180" if lease.pk % 2 else "-90"
        )
        collection.charges_statement_record(
            actor=officer, lease=lease, year=year, actual_charges=max(actual, Decimal("0")),
            sent_on=D(year + 1, 6, 15),
            detail="Eau, entretien des parties communes, taxe foncière (démonstration).",
        )  # fmt: skip
    unpaid = [
        (call, due) for call, _paid, due in services.selectors.call_balances(
            RentCall.objects.filter(lease__synthetic=True, kind=CallKind.TERM).order_by("due_on")
        ) if due > 0
    ]  # fmt: skip
    for call, _due in unpaid[:4]:
        collection.reminder_send(actor=officer, rent_call=call,
                                 on=call.due_on + dt.timedelta(days=15))  # fmt: skip
    lines = ["date;libellé;montant"]
    for call, due in unpaid[4:7]:
        lines.append(f"{call.due_on + dt.timedelta(days=40):%d/%m/%Y};VIR {call.reference};"
                     f"{due:.2f}".replace(".", ","))  # fmt: skip
    lines.append(f"{D(2025, 1, 10):%d/%m/%Y};VIREMENT DIVERS;45,00")
    statement = bank_import.import_statement(
        actor=officer, data="\n".join(lines).encode(), filename="releve-demonstration.csv",
        synthetic=True,
    )  # fmt: skip
    proposed = list(statement.lines.filter(state="proposee").values_list("pk", flat=True))
    bank_import.confirm(actor=officer, statement=statement, line_ids=proposed[:2])
    LEASE_WORKFLOW.apply(second, "end", actor=officer, reason="Départ du preneur (démonstration)")
    collection.deposit_return(actor=officer, lease=second, on=D(2024, 12, 31))
    if stdout is not None:
        stdout.write(
            "Foncière : 2 baux avec franchise et palier (dont un terminé, dépôt restitué), "
            "décomptes de charges, relances et un relevé bancaire rapproché."
        )
