"""Jinja-compiled templates: mcpgen_dev.compiled_templates."""
