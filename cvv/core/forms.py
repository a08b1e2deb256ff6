import datetime
import re
from decimal import Decimal

from django import forms
from django.db import models

from cvv.core.amounts import (
    DEFAULT_DECIMAL_PLACES,
    DEFAULT_MAX_DIGITS,
    FRENCH,
    AmountError,
    parse_amount,
)


class AccessibleFormMixin:
    """The project's forms. Django 5.2 itself ties help texts and errors to their widget
    (`aria-describedby` = `<auto_id>_helptext <auto_id>_error`, `aria-invalid`); the field
    template (`cvv.core.form_rendering.CvvFormRenderer`) gives those ids to the messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput | forms.RadioSelect):
                continue
            field.widget.attrs.setdefault("class", "")


class AccessibleForm(AccessibleFormMixin, forms.Form):
    pass


class AccessibleModelForm(AccessibleFormMixin, forms.ModelForm):
    """A model form whose decimal and date fields are the bounded ones (`bounded_formfield`),
    unless its Meta names another `formfield_callback`."""

    def __init_subclass__(cls, **kwargs):
        # Runs inside the metaclass's type.__new__, before Django reads Meta.
        super().__init_subclass__(**kwargs)
        meta = cls.__dict__.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(bounded_formfield)


def attach_errors(form, exc, default_field=None):
    """Show a service's ValidationError on the form: each field's errors on that field, the
    others on `default_field` (None: above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else default_field, errors)
    else:
        form.add_error(default_field, exc.messages)


class AmountField(forms.CharField):
    """A money (or other non-negative decimal) form field parsed by `cvv.core.amounts`: the
    French grammar (« 1 234,56 » or « 1234.56 »), bounded by the column's `max_digits` and
    `decimal_places`; cleaned to a `Decimal`. Every decimal field of the forms is one."""

    def __init__(
        self,
        *,
        max_digits=DEFAULT_MAX_DIGITS,
        decimal_places=DEFAULT_DECIMAL_PLACES,
        min_value=None,
        max_value=None,
        **kwargs,
    ):
        self.max_digits, self.decimal_places = max_digits, decimal_places
        self.min_value = None if min_value is None else Decimal(str(min_value))
        self.max_value = None if max_value is None else Decimal(str(max_value))
        kwargs.pop("max_length", None)
        kwargs.pop("min_length", None)
        kwargs.pop("empty_value", None)
        super().__init__(**kwargs)  # no max_length validator: the parser bounds the length
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return value
        text = super().to_python(value)  # stripped, "" when empty
        if text in self.empty_values:
            return None
        try:
            return parse_amount(
                text,
                field=self.label or "montant",
                max_digits=self.max_digits,
                decimal_places=self.decimal_places,
                grammar=FRENCH,
            )
        except AmountError as exc:
            raise forms.ValidationError(_capitalised(exc.message), code="invalid") from None

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if self.min_value is not None and value < self.min_value:
            raise forms.ValidationError(f"Au moins {self.min_value} ici.", code="min_value")
        if self.max_value is not None and value > self.max_value:
            raise forms.ValidationError(f"Au plus {self.max_value} ici.", code="max_value")

    def prepare_value(self, value):
        return str(value) if isinstance(value, Decimal) else value


def _capitalised(message):
    return f"{message[:1].upper()}{message[1:]}."


# A date or time typed in a form stays within these (years 1 or 9999 break date arithmetic,
# time-zone conversion and the database); no legitimate date of the programme is outside.
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2200, 12, 31)


def _check_date_range(value):
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise forms.ValidationError(
            f"Date hors de la plage acceptée ({EARLIEST_DATE:%d/%m/%Y} – {LATEST_DATE:%d/%m/%Y}).",
            code="date_range",
        )


class BoundedDateField(forms.DateField):
    """A date between 1900 and 2200 (see `EARLIEST_DATE`, `LATEST_DATE`)."""

    default_validators = [_check_date_range]


class BoundedDateTimeField(forms.DateTimeField):
    """A date and time between 1900 and 2200, checked before the time-zone conversion."""

    default_validators = [_check_date_range]

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            naive = self._naive(value.strip())
            if naive is not None:
                _check_date_range(naive)
        return super().to_python(value)

    def _naive(self, text):
        for fmt in self.input_formats:
            try:
                return self.strptime(text, fmt)
            except (ValueError, TypeError):
                continue
        try:
            return datetime.datetime.fromisoformat(text)
        except ValueError:
            return None


def bounded_formfield(model_field, **kwargs):
    """`formfield_callback` of the model forms: amounts and dates get the bounded fields."""
    if isinstance(model_field, models.DecimalField):
        return model_field.formfield(
            form_class=AmountField,
            max_digits=model_field.max_digits,
            decimal_places=model_field.decimal_places,
            **kwargs,
        )
    if isinstance(model_field, models.DateTimeField):
        return model_field.formfield(form_class=BoundedDateTimeField, **kwargs)
    if isinstance(model_field, models.DateField):
        return model_field.formfield(form_class=BoundedDateField, **kwargs)
    return model_field.formfield(**kwargs)


_SMALL_NUMBER = re.compile(r"[1-9][0-9]{0,4}")


def small_number(text):
    """A page filter's small positive integer (an edition number, 1 … 32767) from the query
    string, or None: ASCII digits only (`"²".isdigit()` is true), bounded before `int()`."""
    if isinstance(text, str) and _SMALL_NUMBER.fullmatch(text) and int(text) <= 32767:
        return int(text)
    return None
