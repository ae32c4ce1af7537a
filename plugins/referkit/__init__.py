"""ReferKit: clinician-facing referral pages and one-page PDF guides from YAML."""

__version__ = "0.1.0"
