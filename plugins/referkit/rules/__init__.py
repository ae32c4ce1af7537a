"""Rules: every finding code as a documented unit — the one catalogue (ruff's model).

A rule is declared once, in the family module of its code range, with what it means
(``title``), ``why`` it matters, a ``bad`` and a ``good`` example, the ``fix``, its
``severity`` and the ``stage`` that reports it. Every finding is made through its rule:

    from ..rules.project import RK020
    findings.append(RK020.at(path, line, col, message, loc=loc, hint=hint))  # hint: the fix
    ctx.finding(RK431, loc, message)  # in a content-gate check (checks/registry.py)

The catalogue sits at the foundation, beside ``findings.py``: the source wing (YAML
files, the loader, mkdocs.yml) reports findings too and may not import ``checks/``.

Add a rule: declare ``RKnnn = Rule("RKnnn", ...)`` in its family module; make its
findings with ``RKnnn.at(...)``; add ``tests/rules/RKnnn/`` (``fire/``, ``near/``,
``expected.txt``); run ``.venv/bin/python scripts/rule_table.py`` (README table, ``docs/rules/``).

====================  ============  ===================================================
module                codes         what
====================  ============  ===================================================
``files``             RK001–RK009   reading a YAML file (``cap``: the RK009 cap)
``project``           RK010–RK033   mkdocs.yml, branding, content pages, templates
``fields``            RK101–RK203   fields, values and ids (the YAML contract)
``pdf``               RK301–RK302   the one-page guide and form, drawn from nothing outside
``review``            RK401–RK426   review dates, compliance language, reachability,
                                    what the FHIR directory would publish wrong
``promises``          RK431–RK436   targets, promises and people
``content``           RK441–RK484   patient data, content pages, dated notices, links,
                                    placeholders, what may publish
``kit``               RK491–RK503   change history, ``_partners.yaml``
====================  ============  ===================================================
"""

from __future__ import annotations

from types import ModuleType

from . import content, fields, files, kit, pdf, project, promises, review
from .rule import STAGES, Rule

__all__ = ["DECLARED_IN", "FAMILIES", "RULES", "STAGES", "Rule"]

FAMILIES: tuple[ModuleType, ...] = (files, project, fields, pdf, review, promises, content, kit)


def _collect(families: tuple[ModuleType, ...]) -> tuple[dict[str, Rule], dict[str, str]]:
    rules: dict[str, Rule] = {}
    declared_in: dict[str, str] = {}
    for module in families:
        for name, value in vars(module).items():
            if not isinstance(value, Rule):
                continue
            if name != value.code:
                raise ValueError(f"{module.__name__}.{name} is {value.code}: name it {value.code}")
            if value.code in rules:
                raise ValueError(f"{value.code} is declared twice ({declared_in[value.code]})")
            rules[value.code] = value
            declared_in[value.code] = module.__name__
    order = sorted(rules)
    return {code: rules[code] for code in order}, {code: declared_in[code] for code in order}


RULES, DECLARED_IN = _collect(FAMILIES)  # code -> Rule; code -> module that declares it
