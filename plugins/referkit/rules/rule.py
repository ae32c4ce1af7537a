"""A rule: one finding code as a documented unit, and the one way to make its findings."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass

from ..findings import Finding, Severity

Loc = tuple[str | int, ...]

# which step reports a rule's findings, and the commands that run that step
STAGES = {
    "config": "reading `mkdocs.yml` and the templates (`build.py check`, `build`)",
    "yaml": "reading a YAML file (`build.py check`, `build`)",
    "load": "validating the YAML against the contract (`build.py check`, `build`)",
    "check": "the content gate (`build.py check`, `build`)",
    "pdf": "rendering the PDFs (`build.py check`, measured with the build's cache unless "
    "`--no-pdf`; `build`)",
    "generate": "writing the docs folder (`build.py build`, `generate`)",
}


@dataclass(frozen=True)
class Rule:
    """A finding code: what it means, why it matters, a bad and a good example, the fix.

    Declared once in a family module of :mod:`referkit.rules` (``RK020 = Rule("RK020",
    ...)``); every finding of the code is made with :meth:`at` (or, in the content
    gate, ``ctx.finding(RK020, ...)``), never as a hand-built ``Finding``.
    """

    code: str
    _: KW_ONLY
    title: str  # what: one line, shown in the README's table and the docs
    why: str  # why it matters to a referring office or a patient: one or two sentences
    fix: str  # what to do; a finding's hint unless the call site gives its own
    bad: str  # an example that fires the rule (in ``file``)
    good: str  # the same example, fixed
    file: str = "service_lines/cardiology.yaml"  # where the examples are written (a path)
    severity: Severity = Severity.ERROR
    severity_note: str = ""  # e.g. "error with `require_promises: true`"
    stage: str = "check"  # a key of STAGES: which step reports it

    def __post_init__(self) -> None:
        if self.stage not in STAGES:
            raise ValueError(f"{self.code}: unknown stage {self.stage!r}")

    def at(
        self,
        path: str,
        line: int,
        col: int,
        message: str,
        *,
        loc: Loc = (),
        hint: str | None = None,
        severity: Severity | None = None,
        hidden: int = 0,
    ) -> Finding:
        """This rule's finding at ``path:line:col`` (1-based; 0 for unknown).

        ``hint`` defaults to the rule's fix (pass ``""`` for none); ``severity`` to the
        rule's; ``hidden`` counts the findings this one stands for (RK009)."""
        return Finding(
            path,
            line,
            col,
            self.code,
            message,
            loc=loc,
            severity=self.severity if severity is None else severity,
            hint=self.fix if hint is None else hint,
            hidden=hidden,
        )
