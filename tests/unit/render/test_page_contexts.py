"""Each page template reads only what its typed context declares (render/page_contexts.py),
so the context classes are an accurate list for anyone overriding a page template."""

from __future__ import annotations

import dataclasses

import pytest
from jinja2 import meta, nodes
from referkit.render import page_contexts as contexts
from referkit.render.pages import PACKAGE_TEMPLATES, template_environment

TEMPLATES = {
    "pages/home.md.j2": contexts.HomeContext,
    "pages/service_line.md.j2": contexts.ServiceLineContext,
    "pages/_language_access.html.j2": contexts.ServiceLineContext,  # included by it
    "pages/_changes_link.html.j2": contexts.ServiceLineContext,  # included by it
    "pages/location.md.j2": contexts.LocationContext,
    "pages/provider.md.j2": contexts.ProviderContext,
    "pages/service_lines_index.md.j2": contexts.IndexContext,
    "pages/locations_index.md.j2": contexts.IndexContext,
    "pages/providers_index.md.j2": contexts.IndexContext,
    "pages/changes.md.j2": contexts.ChangesContext,
    "pages/partner.md.j2": contexts.PartnerContext,
}
GLOBALS = {"kit"}  # kit.page_data, set by generate once the kit has run


def test_every_page_template_has_a_declared_context() -> None:
    names = {p.relative_to(PACKAGE_TEMPLATES).as_posix() for p in PACKAGE_TEMPLATES.glob("pages/*")}
    assert names == set(TEMPLATES)


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_a_page_template_reads_only_its_context(name: str) -> None:
    env = template_environment(None)
    source = env.loader.get_source(env, name)[0]
    tree = env.parse(source)
    # names a template sets itself inside an {% if %} count as undeclared to jinja2.meta
    assigned = {
        target.name
        for assign in tree.find_all((nodes.Assign, nodes.AssignBlock))
        for target in assign.target.find_all(nodes.Name)
    } | {n.name for n in tree.find_all(nodes.Name) if n.ctx == "store"}
    used = meta.find_undeclared_variables(tree) - assigned
    declared = {field.name for field in dataclasses.fields(TEMPLATES[name])}
    assert used - GLOBALS <= declared, f"{name} reads undeclared {sorted(used - declared)}"
