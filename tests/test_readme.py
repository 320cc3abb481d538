"""The README's promises: its two commands exist, CI runs the test one, the CLI it shows exists."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_shows_the_two_commands_and_the_makefile_has_them():
    assert "make demo" in README and "make test" in README
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_cli_command_in_the_readme_exists():
    code = "\n".join(re.findall(r"^```[a-z]*\n(.*?)^```", README, re.M | re.S))
    commands = set(re.findall(r"^(?:\$ )?newsgraph (\w+)", code, re.M))
    assert commands >= {"extract", "show", "validate", "info"}
    for command in commands:
        done = subprocess.run([sys.executable, "-m", "newsgraph.cli", command, "--help"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr


def test_readme_has_no_placeholders():
    assert "PLACEHOLDER" not in README and "TODO" not in README
