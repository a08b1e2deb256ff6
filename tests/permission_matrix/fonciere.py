"""The foncière: its staff and the Métropole's manage everything; a commune's people read
their commune's opportunities and leases; other roles are refused. Its calculators are
public (same contracts as the commands)."""

import datetime as dt
from decimal import Decimal

from cvv.fonciere.models import Lease, Opportunity
from cvv.premises.models import Premises
from cvv.territories.models import Commune
from tests.permission_matrix.base import (
    COMMUNE_93005,
    STAFF,
    Rule,
    api_only,
    expect,
    item,
    link,
    only,
)

MANAGERS = (*STAFF, "fonciere_officer")
READERS = (*MANAGERS, *COMMUNE_93005, "other_commune_agent")
SEES_93005 = (*MANAGERS, *COMMUNE_93005)
SEES_93048 = (*MANAGERS, "other_commune_agent")


def setup(ctx):
    for code in ("93005", "93048"):
        commune = Commune.objects.get(code=code)
        premises = Premises.objects.create(commune=commune, address="9 rue", status="vacant")
        opportunity = Opportunity.objects.create(
            premises=premises, commune=commune, source="dia_commerce",
            received_on=dt.date(2025, 1, 10), deadline=dt.date(2025, 3, 10),
        )  # fmt: skip
        lease = Lease.objects.create(
            reference=f"B-2025-{code}", premises=premises, commune=commune, kind="commercial",
            tenant_name="Preneur", start=dt.date(2025, 1, 1), end=dt.date(2033, 12, 31),
            rent=Decimal("12000"), reference_quarter="2024-T3",
        )  # fmt: skip
        setattr(ctx, f"fonciere_premises_{code}", premises)
        setattr(ctx, f"opportunity_{code}", opportunity)
        setattr(ctx, f"lease_{code}", lease)


def opp(ctx):
    return {"pk": ctx.opportunity_93005.pk}


def lease(ctx):
    return {"pk": ctx.lease_93005.pk}


def state(model, name):
    return lambda ctx: model.objects.filter(pk=getattr(ctx, name).pk).values().get()


OWN_READ = only(READERS, other_commune_agent=404)

RULES = [
    Rule("api:fonciere_deadlines", expect(400), api=True, method="post"),
    Rule("api:fonciere_index_rent", expect(400), api=True, method="post"),
    Rule("fonciere:opportunity", OWN_READ, kwargs=opp),
    Rule("fonciere:lease", OWN_READ, kwargs=lease),
    Rule("fonciere:opportunity_create", only(MANAGERS)),
    Rule("fonciere:lease_create", only(MANAGERS)),
    Rule("fonciere:opportunity_create", only(MANAGERS, 400), method="post", data={},
         label="incomplete form"),
    Rule("fonciere:lease_create", only(MANAGERS, 400), method="post", data={},
         label="incomplete form"),
    Rule(
        "fonciere:opportunity_action", only(MANAGERS, 302), method="post",
        kwargs=lambda ctx: {**opp(ctx), "name": "study"}, data={"on": "2025-01-15"},
        state=state(Opportunity, "opportunity_93005"),
    ),
    Rule(
        "fonciere:opportunity_acquire", only(MANAGERS, 302), method="post", kwargs=opp,
        data={}, state=state(Opportunity, "opportunity_93005"),
    ),
    Rule(
        "fonciere:lease_action", only(MANAGERS, 302), method="post",
        kwargs=lambda ctx: {**lease(ctx), "name": "sign"}, state=state(Lease, "lease_93005"),
    ),
    Rule(
        "fonciere:lease_action", only(MANAGERS, 302), method="post",
        kwargs=lambda ctx: {**lease(ctx), "name": "rent"},
        data={"loyer-kind": "revision", "loyer-effective_on": "2028-01-01",
              "loyer-annual_rent": "13000", "loyer-reference_quarter": "2027-T3"},
        state=lambda ctx: list(ctx.lease_93005.rent_settings.values()), label="new rent",
    ),
    Rule(
        "fonciere:lease_action", only(MANAGERS, 302), method="post",
        kwargs=lambda ctx: {**lease(ctx), "name": "contact"},
        data={"contact-tenant_email": "preneur@example.org"},
        state=state(Lease, "lease_93005"), label="tenant's contact address",
    ),
    Rule(
        "fonciere:opportunities", only(READERS),
        shows=lambda ctx: {
            "aulnay": link("fonciere:opportunity", pk=ctx.opportunity_93005.pk),
            "montreuil": link("fonciere:opportunity", pk=ctx.opportunity_93048.pk),
        },
        sees={"aulnay": SEES_93005, "montreuil": SEES_93048},
        label="scoped list",
    ),
    Rule(
        "fonciere:leases", only(READERS),
        shows=lambda ctx: {
            "aulnay": link("fonciere:lease", pk=ctx.lease_93005.pk),
            "montreuil": link("fonciere:lease", pk=ctx.lease_93048.pk),
        },
        sees={"aulnay": SEES_93005, "montreuil": SEES_93048},
        label="scoped list",
    ),
]  # fmt: skip


def api_items(attr):
    def shows(ctx):
        return {
            "aulnay": item("id", getattr(ctx, f"{attr}_93005").pk),
            "montreuil": item("id", getattr(ctx, f"{attr}_93048").pk),
        }

    return shows


ALL_LOGGED_IN = [
    "metropole_admin", "instructor", "finance_officer", "commune_agent", "commerce_manager",
    "other_commune_agent", "territory_agent", "partner_expert", "fonciere_officer",
    "economic_actor",
]  # fmt: skip
RULES += [
    Rule(
        f"api:fonciere_{name}", api_only(ALL_LOGGED_IN), api=True,
        shows=api_items(attr),
        sees=sees, label="scoped list",
    )
    for name, attr, sees in (
        ("opportunities", "opportunity", {"aulnay": SEES_93005, "montreuil": SEES_93048}),
        ("leases", "lease", {"aulnay": SEES_93005, "montreuil": SEES_93048}),
        # The premises of this fixture are not followed by the foncière: its officers do not
        # see them (the register's rule), the communes see their own.
        ("premises", "fonciere_premises", {"aulnay": (*STAFF, *COMMUNE_93005),
                                  "montreuil": (*STAFF, "other_commune_agent")}),
    )
]  # fmt: skip


# --- Rent collection (cvv/www/fonciere_views/collection_views.py) ------------------------
_base_setup = setup


def setup(ctx):  # noqa: F811 — extends the setup above with calls, a reminder, a statement
    from cvv.fonciere.models import BankLine, BankStatement, Payment, RentCall, RentReminder

    _base_setup(ctx)
    for code in ("93005", "93048"):
        call = RentCall.objects.create(
            lease=getattr(ctx, f"lease_{code}"), period_start=dt.date(2025, 1, 1),
            period_end=dt.date(2025, 3, 31), due_on=dt.date(2025, 1, 1), rent=Decimal("3000"),
            charges=Decimal("0"), annual_rent=Decimal("12000"),
        )  # fmt: skip
        setattr(ctx, f"call_{code}", call)
    paid = RentCall.objects.create(
        lease=ctx.lease_93005, period_start=dt.date(2024, 10, 1),
        period_end=dt.date(2024, 12, 31), due_on=dt.date(2024, 10, 1), rent=Decimal("3000"),
        charges=Decimal("0"), annual_rent=Decimal("12000"),
    )  # fmt: skip
    Payment.objects.create(rent_call=paid, paid_on=dt.date(2024, 10, 2), amount=Decimal("3000"))
    ctx.paid_call_93005 = paid
    ctx.reminder_93005 = RentReminder.objects.create(
        rent_call=ctx.call_93005, level=1, sent_on=dt.date(2025, 1, 20),
        amount_due=Decimal("3000"),
    )  # fmt: skip
    ctx.statement = BankStatement.objects.create(filename="releve.csv")
    BankLine.objects.create(
        statement=ctx.statement, line_no=2, booked_on=dt.date(2025, 1, 3), label="VIR",
        amount=Decimal("3000"), proposed_call=ctx.call_93005, state="proposee",
    )  # fmt: skip
    ctx.unmatched_line = BankLine.objects.create(
        statement=BankStatement.objects.create(filename="releve-2.csv"), line_no=2,
        booked_on=dt.date(2025, 1, 4), label="VIR SANS REF", amount=Decimal("100"),
        state="sans_appel",
    )  # fmt: skip


def _pk(name):
    return lambda ctx: {"pk": getattr(ctx, name).pk}


def _line_state(ctx):
    line = ctx.unmatched_line
    return type(line).objects.filter(pk=line.pk).values().get()


def _count(model_name):
    def snapshot(ctx):
        from django.apps import apps

        return apps.get_model("fonciere", model_name).objects.count()

    return snapshot


RULES += [
    Rule("fonciere:call_notice", OWN_READ, kwargs=_pk("call_93005")),
    Rule("fonciere:call_notice", only(READERS, commune_agent=404, commerce_manager=404),
         kwargs=_pk("call_93048"),
         label="another commune's call"),
    Rule("fonciere:call_notice_odt", OWN_READ, kwargs=_pk("call_93005")),
    Rule("fonciere:call_notice_odt", only(READERS, commune_agent=404, commerce_manager=404),
         kwargs=_pk("call_93048"),
         label="another commune's call"),
    Rule("fonciere:call_receipt", OWN_READ, kwargs=_pk("paid_call_93005")),
    Rule("fonciere:reminder_letter", OWN_READ, kwargs=_pk("reminder_93005")),
    Rule(
        "fonciere:arrears", only(READERS),
        shows=lambda ctx: {
            "aulnay": link("fonciere:lease", pk=ctx.lease_93005.pk),
            "montreuil": link("fonciere:lease", pk=ctx.lease_93048.pk),
        },
        sees={"aulnay": SEES_93005, "montreuil": SEES_93048},
        label="scoped list",
    ),
    Rule(
        "fonciere:bank_statements", only(MANAGERS),
        shows=lambda ctx: {"statement": link("fonciere:bank_statement", pk=ctx.statement.pk)},
        sees={"statement": MANAGERS}, label="managers' list",
    ),
    Rule("fonciere:bank_statements", only(MANAGERS, 400), method="post", data={},
         label="no file"),
    Rule("fonciere:bank_statement", only(MANAGERS), kwargs=_pk("statement")),
    Rule("fonciere:bank_statement", only(MANAGERS, 400), method="post", kwargs=_pk("statement"),
         data={}, label="nothing chosen"),
    Rule("fonciere:bank_statement", only(MANAGERS, 302), method="post", kwargs=_pk("statement"),
         data=lambda ctx: {"lines": [ctx.statement.lines.get().pk], "action": "confirm"},
         state=_count("Payment"), label="confirm"),
    Rule(
        "fonciere:calendar", only(READERS), query="?depuis=2025-01",
        shows=lambda ctx: {
            "aulnay": link("fonciere:opportunity", pk=ctx.opportunity_93005.pk),
            "montreuil": link("fonciere:opportunity", pk=ctx.opportunity_93048.pk),
        },
        sees={"aulnay": SEES_93005, "montreuil": SEES_93048}, label="scoped calendar",
    ),
    Rule("fonciere:calendar", only(READERS), query="?format=ics", label="iCalendar"),
    Rule("fonciere:bank_line_assign", only(MANAGERS), kwargs=_pk("unmatched_line")),
    Rule("fonciere:bank_line_assign", only(MANAGERS, 400), method="post",
         kwargs=_pk("unmatched_line"), data={}, label="no call chosen"),
    Rule("fonciere:bank_line_assign", only(MANAGERS, 302), method="post",
         kwargs=_pk("unmatched_line"), data=lambda ctx: {"rent_call": ctx.call_93005.pk},
         state=_line_state, label="assign"),
    Rule("fonciere:lease_adjustment", only(MANAGERS, 400), method="post", kwargs=lease,
         data={}, label="incomplete form"),
    Rule("fonciere:lease_adjustment", only(MANAGERS, 302), method="post", kwargs=lease,
         data={"franchise-kind": "franchise", "franchise-start": "2030-01-01",
               "franchise-end": "2030-01-31"},
         state=_count("LeaseAdjustment"), label="franchise"),
    Rule("fonciere:lease_charges", only(MANAGERS, 400), method="post", kwargs=lease, data={},
         label="incomplete form"),
    Rule("fonciere:lease_deposit", only(MANAGERS, 400), method="post", kwargs=lease, data={},
         label="incomplete form"),
    Rule("fonciere:call_reminder", only(MANAGERS, 400), method="post",
         kwargs=_pk("call_93005"), data={}, label="incomplete form"),
    Rule("fonciere:call_reminder", only(MANAGERS, 302), method="post",
         kwargs=_pk("call_93005"), data={"on": "2025-02-10"}, state=_count("RentReminder"),
         label="second reminder"),
]  # fmt: skip
