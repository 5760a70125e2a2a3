"""Form rendering for every form: label, help and errors next to the field."""

from django.forms.renderers import TemplatesSetting


class SiriusFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
