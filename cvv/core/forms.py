from django import forms


class AccessibleFormMixin:
    """Ties error messages and help texts to their fields (aria-describedby, aria-invalid)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput | forms.RadioSelect):
                continue
            field.widget.attrs.setdefault("class", "")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                field_id = self[name].id_for_label
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} {field_id}-error".strip()
                widget.attrs["aria-invalid"] = "true"


class AccessibleForm(AccessibleFormMixin, forms.Form):
    pass


class AccessibleModelForm(AccessibleFormMixin, forms.ModelForm):
    pass


def attach_errors(form, exc, default_field=None):
    """Show a service's ValidationError on the form: each field's errors on that field, the
    others on `default_field` (None: above the form)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else default_field, errors)
    else:
        form.add_error(default_field, exc.messages)
