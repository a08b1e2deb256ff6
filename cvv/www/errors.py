"""How a view reports a service's refusal: the one way for every page.

Services raise `ValidationError` (bad input, wrong state) with French messages; a view shows
them on its form (each field's errors on that field, the others on `field` or above the
form, and the page answers 400) or, without a form, as error messages before redirecting.
`PermissionDenied` is never caught here: it stays a 403.

    with service_errors(request, form=form):
        dossier = services.dossier_create(...)
        messages.success(request, "Dossier créé.")
        return redirect(...)
    return render(..., status=400 if form.errors else 200)
"""

from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError

from cvv.core.forms import attach_errors


def show_errors(request, exc: ValidationError, *, form=None, field=None):
    """Show a service's ValidationError: on `form` when given, else one message each."""
    if form is not None:
        attach_errors(form, exc, field)
        return
    for message in exc.messages:
        messages.error(request, message)


@contextmanager
def service_errors(request, *, form=None, field=None):
    """Run the block; a ValidationError it raises is shown (`show_errors`) and the rest of
    the block skipped."""
    try:
        yield
    except ValidationError as exc:
        show_errors(request, exc, form=form, field=field)


def report(request, change, success) -> bool:
    """Run a service call and say how it went: its ValidationError as error messages, or
    `success` (a string, or a callable read after the change when the message names the new
    state). True when the change was made."""
    try:
        change()
    except ValidationError as exc:
        show_errors(request, exc)
        return False
    messages.success(request, success() if callable(success) else success)
    return True
