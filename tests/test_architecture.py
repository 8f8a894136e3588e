"""The house stays one a newcomer can read: no code file over 400 lines, and the import contracts of
pyproject.toml (layers, forbidden imports, no circle) kept. `./dev.sh test` runs `lint-imports` too; this
test also names the offending files when run alone."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 400
CODE_SUFFIXES = {".py", ".js", ".sh"}
# Tests and migrations aside (the rule); what the suite and the commands generate is not code.
LEFT_OUT = {"tests", "migrations", "var", "media", "node_modules", "__pycache__"}


def code_files():
    for folder, subfolders, names in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in LEFT_OUT and not name.startswith(".")]
        for name in names:
            if Path(name).suffix in CODE_SUFFIXES:
                yield Path(folder) / name


def test_no_code_file_is_over_400_lines():
    files = list(code_files())
    assert len(files) > 100  # the walk found the project's code, not an empty folder
    too_long = {
        str(path.relative_to(ROOT)): length
        for path in files
        if (length := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert too_long == {}


def test_the_import_contracts_are_kept():
    result = subprocess.run(  # noqa: S603 — the virtual environment's own command, no outside input
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout
