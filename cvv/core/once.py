"""Records that something happened once (an e-mail sent, a digest of a week, a notification
of a key): the row's unique constraint decides, even between runs going on at the same
time."""

from django.db import IntegrityError, transaction


def create_once(model, **fields):
    """Create a `model` row from `fields`, or return None when the unique constraint refuses
    it (a row already says so). In a savepoint: inside a transaction, a refused row leaves
    the others written."""
    try:
        with transaction.atomic():
            return model.objects.create(**fields)
    except IntegrityError:
        return None
