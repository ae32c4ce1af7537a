"""``build``, ``generate`` and ``serve``: check, render, and publish atomically."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import shutil
import signal
import sys
import time
from pathlib import Path

from ..config import MKDOCS_FILE, UsageError
from ..engines import publish
from ..findings import Finding
from .common import EXIT_CONTENT, EXIT_OK, every_finding, print_findings, project_from


def build(args: argparse.Namespace) -> int:
    started = time.monotonic()
    project, findings = project_from(args)
    out = (args.out or args.project / "site").resolve()
    if project is None:
        print_findings(every_finding(args, findings))
        print(f"Build stopped; {out} was left unchanged.", file=sys.stderr)
        return EXIT_CONTENT
    _refuse_unsafe_output(out, project, force=args.force)
    if args.since is not None:  # the changes_since plugin option, for this build only
        from ..source.history import revision_problem

        problem = revision_problem(project.project_dir, args.since)
        if problem:
            raise UsageError(f"--since {problem}; give a commit, tag or branch that exists")
        options = project.options.model_copy(update={"changes_since": args.since})
        project = dataclasses.replace(project, options=options)
    if args.preview:  # the preview plugin option, for this build only
        options = project.options.model_copy(update={"preview": True})
        project = dataclasses.replace(project, options=options)
    # one build per output folder at a time: they share the docs folder and the output
    with publish.output_lock(out, on_wait=lambda: _waiting_for(out)):
        for note in publish.recover_interrupted(out):
            print(note, file=sys.stderr)
        return _build_locked(args, project, findings, out, started)


def _refuse_unsafe_output(out: Path, project, *, force: bool) -> None:
    """A build swaps its output folder away: refuse one that holds anything else's files."""
    problem = publish.output_problem(out, project.project_dir, [project.cache_dir])
    if problem:
        raise UsageError(
            f"--out {out}: {problem}. A build replaces its output folder as a whole, so "
            "ReferKit builds only into a folder of its own (default: the project's site/)"
        )
    if publish.foreign_content(out) and not force:
        raise UsageError(
            f"--out {out} already holds files that no ReferKit build made (it has no "
            f"{publish.BUILD_STAMP}). Choose an empty or new folder, or pass --force to "
            "replace it: its files are then moved to "
            f"{publish.kept_aside_dir(out).name}/ beside it, not deleted"
        )


def _build_locked(
    args: argparse.Namespace, project, config_findings: list[Finding], out: Path, started: float
) -> int:
    from ..engines import reuse
    from ..pipeline import prepare

    facts = _build_facts(args, config_findings)
    reused = None if args.no_cache else reuse.reuse(project, facts)
    if reused is not None:  # nothing the load phase reads has changed
        prepared, docs_digest = reused
        print_findings(prepared.findings)
        return _publish(args, prepared, out, started, docs_digest=docs_digest)
    reuse.forget(project)  # the docs folder is about to change
    prepared = prepare(
        project,
        strict=args.strict,
        use_cache=not args.no_cache,
        today=args.today,
        config_findings=config_findings,
    )
    print_findings(prepared.findings)
    if not prepared.ok:
        print(f"Build stopped; {out} was left unchanged.", file=sys.stderr)
        return EXIT_CONTENT
    docs_digest = publish.tree_digest(prepared.generated.docs_dir)[0]
    code = _publish(args, prepared, out, started, docs_digest=docs_digest)
    if code == EXIT_OK:
        reuse.remember(project, facts, prepared, docs_digest)
    return code


def _build_facts(args: argparse.Namespace, config_findings: list[Finding]) -> dict[str, object]:
    """What decides a build besides the project's files (see engines/reuse.py)."""
    from datetime import date

    return {
        "today": (args.today or date.today()).isoformat(),
        "strict": bool(args.strict),
        "since": args.since,
        "engine": args.engine,
        "config_findings": sorted(f.format() for f in config_findings),
    }


def _waiting_for(out: Path) -> None:
    print(f"Another build is writing {out}; waiting for it to finish.", file=sys.stderr)


def _publish(
    args: argparse.Namespace, prepared, out: Path, started: float, *, docs_digest: str
) -> int:
    from ..engines import EngineError, build_site

    project = prepared.project
    inputs = _inputs_digest(
        project, prepared.generated, strict=args.strict, engine=args.engine, docs=docs_digest
    )
    (project.work_dir / "last-build.json").unlink(missing_ok=True)  # the old, unsafe stamp
    record = project.work_dir / publish.SIGNATURES_FILE
    if publish.is_up_to_date(out, inputs, record):
        prepared.seconds["engine"] = 0.0
        _report_build(args, prepared, out, started, up_to_date=True)
        return EXIT_OK
    staging = publish.staging_dir(out)
    shutil.rmtree(staging, ignore_errors=True)
    engine_started = time.monotonic()
    try:
        build_site(args.engine, project, prepared.generated, staging, strict=args.strict)
    except EngineError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"error: {exc}\nBuild stopped; {out} was left unchanged.", file=sys.stderr)
        return EXIT_CONTENT
    prepared.seconds["engine"] = time.monotonic() - engine_started
    publish.write_stamp(staging, inputs, record=record, out=out)
    keep_old = publish.kept_aside_dir(out) if publish.foreign_content(out) else None
    publish.swap_into_place(staging, out, keep_old=keep_old)
    if keep_old is not None:
        print(f"The files that were in {out} are now in {keep_old}.", file=sys.stderr)
    _report_build(args, prepared, out, started, up_to_date=False)
    return EXIT_OK


def _inputs_digest(project, generated, *, strict: bool, engine: str, docs: str) -> str:
    """Everything that decides the published site: the generated docs folder and its
    navigation, mkdocs.yml (with the hook files and theme folder it names), ReferKit's
    theme overrides and the project's, the versions of ReferKit, MkDocs and Material,
    the plugin options, strict mode and the engine that renders it."""
    from importlib.metadata import PackageNotFoundError, version

    from .. import __version__
    from ..render.pages import PACKAGE_TEMPLATES
    from ..source.mkdocs_yaml import read_mkdocs_yaml

    versions = {"referkit": __version__, "engine": engine}
    for package in ("mkdocs", "mkdocs-material", "properdocs", "zensical"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = None
    config_path = project.project_dir / MKDOCS_FILE
    raw = read_mkdocs_yaml(config_path)
    theme = raw.get("theme") if isinstance(raw.get("theme"), dict) else {}
    folders = [PACKAGE_TEMPLATES / "theme", project.templates_dir / "theme"]
    if isinstance(theme.get("custom_dir"), str):
        folders.append(project.project_dir / theme["custom_dir"])
    hooks = raw.get("hooks") if isinstance(raw.get("hooks"), list) else []
    files = [config_path, *(project.project_dir / str(h) for h in hooks)]
    parts = {
        "versions": versions,
        "options": project.options.model_dump(mode="json"),
        "strict": strict,
        "nav": generated.nav,
        "extra_css": generated.extra_css,
        "docs": docs,  # the docs folder's content digest (publish.tree_digest)
    }
    return publish.inputs_digest(parts, folders, files)


def _report_build(
    args: argparse.Namespace, prepared, out: Path, started: float, *, up_to_date: bool
) -> None:
    stats = prepared.generated.stats
    if args.stats_json:
        figures = {
            "pages": prepared.generated.page_count,
            "pdfs_rendered": stats.pdfs_rendered,
            "pdfs_cached": stats.pdfs_cached,
            "pdfs_total": stats.pdfs_rendered + stats.pdfs_cached,
            "pdfs_rendered_kinds": stats.pdfs_rendered_kinds,
            "files_written": stats.files_written,
            "engine_skipped": up_to_date,
            # nothing the load phase reads had changed: the last docs folder was reused
            "load_reused": prepared.loaded is None,
            "phase_seconds": {k: round(v, 3) for k, v in sorted(prepared.seconds.items())},
            "phase_cpu_seconds": {k: round(v, 3) for k, v in sorted(prepared.cpu_seconds.items())},
            "total_seconds": round(time.monotonic() - started, 3),
        }
        args.stats_json.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
    if not args.quiet:
        state = "is up to date" if up_to_date else "built"
        print(
            f"{out} {state}: {prepared.generated.page_count} pages, "
            f"{stats.pdfs_rendered + stats.pdfs_cached} PDFs "
            f"({stats.pdfs_rendered} rendered, {stats.pdfs_cached} from cache) "
            f"in {time.monotonic() - started:.1f} s"
        )


def generate(args: argparse.Namespace) -> int:
    """Write the docs folder and the engine configs, and say how to run each engine."""
    from ..engines.configs import write_engine_configs
    from ..pipeline import prepare

    project, findings = project_from(args)
    if project is None:
        print_findings(findings)
        return EXIT_CONTENT
    prepared = prepare(project, strict=args.strict, use_cache=not args.no_cache, today=args.today)
    print_findings(prepared.findings)
    if not prepared.ok:
        print("Nothing was generated.", file=sys.stderr)
        return EXIT_CONTENT
    configs = write_engine_configs(project, prepared.generated)
    work = os.path.relpath(project.work_dir)
    print(
        f"Wrote {os.path.relpath(prepared.generated.docs_dir)} "
        f"({len(prepared.generated.pages)} generated pages) and the engine configs. Build with:\n"
        f"  mkdocs build            (or properdocs build; both run the referkit plugin)\n"
        f"  mkdocs build -f {os.path.relpath(configs['mkdocs'])}   "
        f"(MkDocs or ProperDocs without the plugin; output in {work}/site)\n"
        f"  zensical build -f {os.path.relpath(configs['zensical'])}"
        f"  (output in {work}/site)\n"
        f"build.py build --engine NAME does the same and also applies ReferKit's HTML repairs."
    )
    return EXIT_OK


def serve(args: argparse.Namespace) -> int:
    from ..engines.mkdocs_backend import serve_with_mkdocs

    project, findings = project_from(args)
    if project is None:
        print_findings(findings)
        return EXIT_CONTENT
    with _sigterm_as_ctrl_c():
        serve_with_mkdocs(project.project_dir, args.dev_addr, dirty=not args.full)
    return EXIT_OK


@contextlib.contextmanager
def _sigterm_as_ctrl_c():
    """``kill`` (SIGTERM: a service manager, a script, a CI step that ends) stops serve
    as Ctrl-C does: the server shuts down, the PDF workers stop, the temporary site
    folder goes. A shell that starts serve in the background makes it ignore Ctrl-C,
    so this is the way to stop it cleanly there."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
