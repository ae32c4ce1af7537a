"""Zensical (Material's successor): the generated config, rendered in a child process.

Zensical reads the MkDocs configuration format and Material's templates (with
MiniJinja) but has no third-party plugin API, so it builds from
``.referkit/zensical.yml``, which names the generated docs folder, navigation and
merged theme folder. It runs in a child process: its Rust runtime keeps global state
and prints its own progress.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

from ..config import UsageError
from ..generate import Generated
from ..source.project import ProjectConfig
from ..wording import pip_install
from .configs import SITE_DIR, write_engine_configs
from .mkdocs_backend import EngineError


def build(project: ProjectConfig, generated: Generated, site_dir: Path, *, strict: bool) -> None:
    if importlib.util.find_spec("zensical") is None:
        raise UsageError(f"Zensical is not installed: {pip_install('zensical')}")
    config_path = write_engine_configs(project, generated)["zensical"]
    built = config_path.parent / SITE_DIR  # Zensical writes only below its config file
    shutil.rmtree(built, ignore_errors=True)
    command = [sys.executable, "-m", "zensical", "build", "--clean", "-f", str(config_path)]
    if strict:
        command.append("--strict")
    result = subprocess.run(command, capture_output=True, text=True, cwd=config_path.parent)
    if result.returncode != 0 or not (built / "index.html").is_file():
        output = (result.stderr or result.stdout).strip()
        shutil.rmtree(built, ignore_errors=True)
        raise EngineError(f"zensical build failed (exit {result.returncode}):\n{output[-4000:]}")
    shutil.rmtree(site_dir, ignore_errors=True)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(built, site_dir)
