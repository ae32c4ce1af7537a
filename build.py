"""ReferKit command line: python build.py [build|check|serve|new] --help."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "plugins"))

from referkit.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
