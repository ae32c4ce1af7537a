"""The source wing: YAML with positions → a validated, immutable model.

Everything a build reads from the project folder is read here (the service-line
YAML, ``_organization.yaml``, ``_partners.yaml``, mkdocs.yml's facts, the git
history the change feed needs, the content pages); nothing here renders.
"""
