"""References such as FIM-2026-0062, numbered from a counter row per (prefix, year).

The row is locked with `select_for_update` while a number is taken, so two concurrent
transactions never get the same number (PostgreSQL row lock; SQLite serialises writes).
On first use for a year the counter starts from the highest reference already stored,
so existing references are kept and never reissued.
"""

from django.db import IntegrityError, transaction

from cvv.core.models import Sequence


def _highest(existing, stem) -> int:
    numbers = [0]
    for reference in existing.filter(reference__startswith=stem).values_list(
        "reference", flat=True
    ):
        tail = reference[len(stem) :]
        if tail.isdigit():
            numbers.append(int(tail))
    return max(numbers)


def next_reference(*, prefix: str, year: int, existing, width: int = 4) -> str:
    """The next "{prefix}-{year}-{number}" reference. `existing`: a queryset of the model
    holding the references in a `reference` field (read only the first time the counter
    of that prefix and year is used)."""
    stem = f"{prefix}-{year}-"
    with transaction.atomic():
        counter = Sequence.objects.select_for_update().filter(prefix=prefix, year=year).first()
        if counter is None:
            try:
                with transaction.atomic():
                    counter = Sequence.objects.create(
                        prefix=prefix, year=year, last=_highest(existing, stem)
                    )
            except IntegrityError:  # created meanwhile by a concurrent transaction
                counter = Sequence.objects.select_for_update().get(prefix=prefix, year=year)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"{stem}{counter.last:0{width}d}"
