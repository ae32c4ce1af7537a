"""ReferKit command line: .venv/bin/python build.py [build|check|serve|new] --help."""

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
REEXEC = "REFERKIT_REEXEC"  # set when build.py restarted itself in .venv: never loop
EXIT_USAGE = 2
# what every command imports; WeasyPrint is imported only when PDFs are rendered
NEEDED = ("yaml", "pydantic", "jinja2", "phonenumbers", "rich", "langcodes", "segno", "pypdf")


def _what_is_missing():
    """Why this Python cannot run ReferKit (a sentence), or None when it can.

    Checked before the package is imported, so the system's ``python3`` gets a sentence
    and a command instead of a ModuleNotFoundError traceback."""
    if sys.version_info < (3, 11):  # noqa: UP036 - build.py itself runs on older Pythons
        return f"ReferKit needs Python 3.11 or newer, and this is {sys.version.split()[0]}"
    import importlib.util

    for module in NEEDED:
        if importlib.util.find_spec(module) is None:
            return f"its dependency {module!r} is not installed for this Python"
    return None


def _run_in_the_project_venv(problem):
    """Restart in the project's .venv when there is one; otherwise say what to run."""
    in_venv = Path(sys.prefix).resolve() == VENV.resolve()
    if VENV_PYTHON.is_file() and not in_venv and not os.environ.get(REEXEC):
        os.environ[REEXEC] = "1"
        os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), str(Path(__file__)), *sys.argv[1:]])
    folder = os.path.relpath(HERE)
    cd = "" if folder == "." else f"cd {folder} && "
    command = " ".join(["build.py", *sys.argv[1:]])
    if VENV_PYTHON.is_file():
        first = f"The project's .venv cannot run it either: update it with `{cd}make install`"
    else:
        first = (
            f"Install ReferKit and its dependencies into the project's .venv once with "
            f"`{cd}make install` (about 2 minutes)"
        )
    print(
        f"ReferKit cannot run with {sys.executable}: {problem}.\n"
        f"{first}, then run `{cd}.venv/bin/python {command}`.",
        file=sys.stderr,
    )
    return EXIT_USAGE


if __name__ == "__main__":
    missing = _what_is_missing()
    if missing is not None:
        sys.exit(_run_in_the_project_venv(missing))
    sys.path.insert(0, str(HERE / "plugins"))
    from referkit.cli import main

    sys.exit(main())
