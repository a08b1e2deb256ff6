"""The project's form renderer: Django's own accessible field rendering (5.2), with our markup.

Django ties a field's help text and errors to its widget (`aria-describedby` naming
`<auto_id>_helptext` and `<auto_id>_error`, `aria-invalid="true"` when the field has errors);
the field template only has to give those ids to the help text and the error message. Every
form rendered with `{{ form }}`, `{% include "includes/form.html" %}` or
`{{ field.as_field_group }}` uses the templates named here.
"""

from django.forms.renderers import TemplatesSetting


class CvvFormRenderer(TemplatesSetting):
    """Renders forms with the project's templates (`settings.TEMPLATES`, so `cvv/templates`
    first, then Django's widget templates through the `django.forms` app)."""

    form_template_name = "includes/form.html"
    field_template_name = "includes/form_field.html"
