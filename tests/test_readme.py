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


def test_every_option_the_readme_shows_a_command_taking_exists():
    """`newsgraph CMD ... --opt` in a code block: CMD takes --opt (a documented option is an implemented one)."""
    import typer

    from newsgraph.cli import app

    commands = typer.main.get_command(app).commands
    code = "\n".join(re.findall(r"^```[a-z]*\n(.*?)^```", README, re.M | re.S))
    shown = 0
    for line in code.splitlines():
        found = re.search(r"(?:^|\s|/)newsgraph (\w+)(.*)", line)
        if not found or found.group(1) not in commands:
            continue
        command, rest = found.group(1), re.split(r"\s(?:#|&&|\||<|>)\s", found.group(2))[0]
        takes = {opt for param in commands[command].params for opt in (*param.opts, *param.secondary_opts)}
        for option in re.findall(r"(?<![\w-])(--?[a-z][\w-]*)", rest):
            shown += 1
            assert option in takes, f"README shows `newsgraph {command} {option}`, which it does not take: {line.strip()}"
    assert shown > 20


def _python_api_blocks() -> list[str]:
    section = README.split("## Python API", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^```python\n(.*?)^```", section, re.M | re.S)


def _run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_python_api_example_prints_what_its_comments_say():
    """The README's first Python block, verbatim: a line per sample article, then the counts' summary."""
    pipe_example = _python_api_blocks()[0]
    assert "# read N, written N, failed N" in pipe_example
    *per_article, summary = _run(pipe_example)
    assert per_article and all(re.fullmatch(r"\S+ \d+ \d+", line) for line in per_article)
    assert re.fullmatch(r"read (\d+), written \1, failed 0", summary) and int(summary.split()[1].rstrip(",")) == len(per_article)


def test_spacy_components_example_finds_what_its_comment_says():
    """The README's second Python block, verbatim, then what its comment claims of the result."""
    components_example = _python_api_blocks()[1]
    claim = re.search(r"# entities: (.*); events: (\w+) \(trigger \"(\w+)\", both as actors\)", components_example)
    assert claim, "the example's comment says what it finds"
    shown = _run(components_example + "\nprint([f'{e.name} {e.type}' for e in doc._.entities])"
                 "\nprint([(v.type, v.trigger.text, len(v.actor)) for v in doc._.events])")
    assert shown[-2] == repr(claim.group(1).split(", "))
    assert shown[-1] == repr([(claim.group(2), claim.group(3), 2)])
