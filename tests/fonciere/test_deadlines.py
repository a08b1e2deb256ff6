"""Deadlines of FONCIERE_RULES.md §4 — golden cases worked out by hand, each citing its
article, then properties."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvv.fonciere.deadlines import DeadlineError, compute
from cvv.premises.vacancy import add_months

D = dt.date


def test_dia_commerce_two_months_r214_5():
    # L214-1, R214-5 C. urb.: declaration received 31 Dec → 2 months → 28 Feb (no 31 Feb).
    assert compute({"kind": "dia_commerce", "received": "2025-12-31"}) == {"deadline": "2026-02-28"}
    assert compute({"kind": "dia_commerce", "received": "2026-01-15"}) == {"deadline": "2026-03-15"}


def test_dia_dpu_suspension_r213_7():
    # L213-2, R213-7 C. urb.: received 10 Jan → 10 Mar; suspended 10 Feb (28 days left);
    # resumed 1 Mar: 29 Mar, but at least one month → 1 Apr.
    payload = {"kind": "dia_dpu", "received": "2025-01-10"}
    assert compute(payload) == {"deadline": "2025-03-10"}
    assert compute({**payload, "suspended_on": "2025-02-10", "resumed_on": "2025-03-01"}) == {
        "deadline": "2025-04-01"
    }
    # Suspended on 15 Jan (54 days left), resumed 20 Jan → 15 Mar (more than one month).
    assert compute({**payload, "suspended_on": "2025-01-15", "resumed_on": "2025-01-20"}) == {
        "deadline": "2025-03-15"
    }


def test_retrocession_l214_2():
    assert compute({"kind": "retrocession", "acquired": "2024-02-29"}) == {"deadline": "2026-02-28"}
    assert compute(
        {"kind": "retrocession", "acquired": "2024-02-29", "location_gerance": True}
    ) == {"deadline": "2027-02-28"}


def test_bail_commercial_l145_4_l145_9():
    assert compute({"kind": "bail_commercial", "start": "2025-07-01", "years": 9}) == {
        "term": "2034-06-30",
        "breaks": [
            {"period_end": "2028-06-30", "notice_by": "2027-12-30"},
            {"period_end": "2031-06-30", "notice_by": "2030-12-30"},
        ],
        "landlord_notice_by": "2033-12-30",
    }
    twelve = compute({"kind": "bail_commercial", "start": "2025-01-01", "years": 12})
    assert [b["period_end"] for b in twelve["breaks"]] == [
        "2027-12-31", "2030-12-31", "2033-12-31"
    ]  # fmt: skip
    assert twelve["term"] == "2036-12-31"


def test_bail_derogatoire_l145_5():
    assert compute(
        {"kind": "bail_derogatoire", "start": "2025-01-01", "end": "2026-12-31",
         "previous_months": 12}
    ) == {"total_months": 36, "commercial_lease_if_occupied_after": "2027-01-31"}  # fmt: skip
    with pytest.raises(DeadlineError) as exc:
        # 24 months and one day (a started month counts) + 12 = 37 months > 36.
        compute({"kind": "bail_derogatoire", "start": "2025-01-01", "end": "2027-01-01",
                 "previous_months": 12})  # fmt: skip
    assert exc.value.field == "end"


def test_charges_statement_and_first_refusal():
    assert compute({"kind": "charges_statement", "year": 2025}) == {"deadline": "2026-09-30"}
    # L145-46-1 C. com.: offer received 31 Jan → accept by 28 Feb → complete by 28 Apr,
    # 28 Jun with a loan; accepted on 10 Feb → complete by 10 Apr.
    base = {"kind": "tenant_first_refusal", "offer_received": "2026-01-31"}
    assert compute(base) == {"accept_by": "2026-02-28", "complete_by": "2026-04-28"}
    assert compute({**base, "loan": True})["complete_by"] == "2026-06-28"
    assert compute({**base, "accepted_on": "2026-02-10"})["complete_by"] == "2026-04-10"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "nope"}, "kind"),
        ({"kind": "dia_commerce"}, "received"),
        ({"kind": "dia_commerce", "received": "2025-02-30"}, "received"),
        ({"kind": "bail_commercial", "start": "2025-01-01", "years": 6}, "years"),
        ({"kind": "dia_dpu", "received": "2025-01-10", "suspended_on": "2025-02-01"},
         "resumed_on"),
        ({"kind": "dia_dpu", "received": "2025-01-10", "suspended_on": "2025-02-01",
          "resumed_on": "2025-01-20"}, "resumed_on"),
        ({"kind": "dia_dpu", "received": "2025-01-10", "suspended_on": "2025-04-01",
          "resumed_on": "2025-04-20"}, "suspended_on"),
    ],
)  # fmt: skip
def test_bad_input_names_the_field(payload, field):
    with pytest.raises(DeadlineError) as exc:
        compute(payload)
    assert exc.value.field == field and str(exc.value).startswith(f"{field}: ")


dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2150, 12, 31))


@settings(deadline=None)
@given(dates, st.integers(0, 70), st.integers(0, 200))
def test_dpu_suspension_never_shortens_and_leaves_a_month(received, pause_at, paused):
    plain = add_months(received, 2)
    suspended = min(received + dt.timedelta(pause_at), plain)
    resumed = suspended + dt.timedelta(paused)
    deadline = D.fromisoformat(
        compute({"kind": "dia_dpu", "received": received.isoformat(),
                 "suspended_on": suspended.isoformat(), "resumed_on": resumed.isoformat()})[
            "deadline"]
    )  # fmt: skip
    assert deadline >= plain + dt.timedelta(paused)
    assert deadline >= add_months(resumed, 1)


@settings(deadline=None)
@given(dates, st.integers(9, 30))
def test_commercial_lease_periods(start, years):
    out = compute({"kind": "bail_commercial", "start": start.isoformat(), "years": years})
    term = D.fromisoformat(out["term"])
    assert term == add_months(start, 12 * years) - dt.timedelta(1)
    ends = [D.fromisoformat(b["period_end"]) for b in out["breaks"]]
    assert ends == sorted(ends) and all(end < term for end in ends)
    assert len(ends) == (years - 1) // 3
    for b in out["breaks"]:
        notice, end = D.fromisoformat(b["notice_by"]), D.fromisoformat(b["period_end"])
        # Backwards month rule: same day number, or the month's last day (31/12 → 30/06).
        assert (end.year * 12 + end.month) - (notice.year * 12 + notice.month) == 6
        assert notice.day == end.day or (notice + dt.timedelta(1)).day == 1
