"""Template helpers of the cargo pages."""

from __future__ import annotations

from functools import lru_cache

from django import template

from portcontrol.accounts import labels as accounts_labels
from portcontrol.cargo import labels

register = template.Library()


@lru_cache(maxsize=4096)
def _describe(code: str) -> str:
    try:
        from portcontrol.core.identifiers.hs import describe
    except ImportError:  # reference data not installed: show the code alone
        return ""
    try:
        return describe(code) or ""
    except Exception:  # an unknown or odd code has no description, not an error page
        return ""


@register.filter
def hs_description(code: str | None) -> str:
    """The HS 2022 description of a code, or an empty string."""
    return _describe(code) if code else ""


@register.simple_tag(takes_context=True)
def query_without_page(context: template.Context) -> str:
    """The current query string without ``page``, for pagination links."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    return params.urlencode()


@register.filter
def issue_label(code: str | None) -> str:
    """The translated explanation of a core issue code (the code itself when unknown)."""
    return labels.issue_label(code) if code else ""


@register.filter
def field_label(name: str | None) -> str:
    """The translated label of a canonical field name (the name itself when unknown)."""
    return labels.field_label(name) if name else ""


@register.filter
def action_label(action: str | None) -> str:
    """The translated label of an audit action code (the code itself when unknown)."""
    return accounts_labels.action_label(action) if action else ""
