"""Every Django form renders with Det Fælles Designsystem's markup (templates/forms/)."""

from django.forms.renderers import TemplatesSetting


class DesignSystemRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
