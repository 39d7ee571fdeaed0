from django import template

from genesis_site import seo

register = template.Library()


@register.filter
def jsonld(data):
    """JSON safe inside ``<script type="application/ld+json">``, whatever editors typed."""
    return seo.json_for_script(data)


@register.filter
def breadcrumb_list(crumbs):
    """BreadcrumbsMixin's trail as schema.org data: ``{{ crumbs|breadcrumb_list|jsonld }}``."""
    return seo.breadcrumb_list(crumbs)
