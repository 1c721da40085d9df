"""Every URL pattern of the project has a line in the tenancy matrix (tests/test_tenancy_matrix.py).

The matrix declares its reads and actions (READS, ACTIONS, OWN_ACTIONS) by path; each path is resolved to its URL name and compared with the
names of every pattern of `get_resolver()`. A few patterns are deliberately outside the matrix (public, log-in or
static pages); each has its reason below. A new page or endpoint fails here until it has its matrix line.
"""

from urllib.parse import urlsplit

from django.urls import URLResolver, get_resolver, resolve

from tests.test_tenancy_matrix import ACTIONS, OWN_ACTIONS, READS

# URL name -> why it is not in the matrix.
NOT_IN_MATRIX = {
    "accounts:login": "public log-in page, before any municipality is chosen",
    "accounts:logout": "ends the caller's own session only",
    "accounts:mfa": "second log-in step of the caller's own account",
    "accounts:set-password": "the caller's own password, reached through a one-time link",
    "accounts:choose-municipality": "lists only the caller's own memberships; the switch is checked per membership",
    "api-docs": "static API documentation page, no municipal data",
    "api:schema": "the OpenAPI document, no municipal data",
    "core:accessibility": "public accessibility statement",
    "indicators:public-index": "open data published without login (INDICATORS_PUBLIC), no municipal case data",
    "indicators:public-profile": "open data published without login (INDICATORS_PUBLIC)",
    "indicators:public-map": "open data published without login (INDICATORS_PUBLIC)",
    "indicators:public-report": "open data published without login (INDICATORS_PUBLIC)",
    "indicators:public-csv": "open data published without login (INDICATORS_PUBLIC)",
}
# Whole namespaces outside the matrix.
NAMESPACES_NOT_IN_MATRIX = {
    "admin": "Django admin (platformbeheer): superusers of the platform only, outside municipal tenancy",
}


def project_url_names() -> set[str]:
    return set(_walk(get_resolver(), None))


def _walk(resolver, namespace):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, (namespace, pattern.namespace))) or None
            if inner not in NAMESPACES_NOT_IN_MATRIX:
                yield from _walk(pattern, inner)
        else:
            yield ":".join(filter(None, (namespace, pattern.name or f"<unnamed {pattern.pattern}>")))


def matrix_url_names() -> set[str]:
    paths = [r.path for r in READS] + [a.missing_path for a in ACTIONS] + [a.path for a in OWN_ACTIONS]
    return {resolve(urlsplit(path).path).view_name for path in paths}


def test_every_url_pattern_has_a_line_in_the_tenancy_matrix():
    missing = project_url_names() - matrix_url_names() - set(NOT_IN_MATRIX)
    assert not missing, f"URL names without a line in tests/test_tenancy_matrix.py: {sorted(missing)}"


def test_the_allow_list_names_only_existing_patterns_outside_the_matrix():
    names = project_url_names()
    assert set(NOT_IN_MATRIX) <= names, sorted(set(NOT_IN_MATRIX) - names)
    assert not set(NOT_IN_MATRIX) & matrix_url_names(), "allow-listed names that the matrix covers anyway"
