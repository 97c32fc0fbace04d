"""The README's first command, run as a new user would: every demo input becomes an article.

CI runs this suite inside a virtual environment it has just created from the project's own files
(`.ci/run`), so a runtime dependency missing from `pyproject.toml` fails here, not on a user's machine.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEMO_ARTICLES = 12  # 8 files: 5 single pages, a 3-item JSON Lines file, an RSS feed and a WARC


def readme_first_command() -> list[str]:
    """The `parallax ...` part of the README's first fenced command (after `pip install ... &&`)."""
    block = re.search(r"```bash\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)
    assert block, "README has no bash block"
    line = next(ln for ln in block.group(1).splitlines() if ln.strip() and not ln.startswith("#"))
    assert line.startswith("pip install -e . && "), line
    return shlex.split(line.split("&&", 1)[1])


def test_readme_first_command_reports_every_demo_article(tmp_path):
    argv = readme_first_command()
    assert argv[:2] == ["parallax", "digest"]
    out = tmp_path / "parallax-demo"
    argv = [a if a != "parallax-demo" else str(out) for a in argv]
    exe = Path(sys.executable).parent / "parallax"  # the console script of this very environment
    proc = subprocess.run([str(exe), *argv[1:]], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads((out / "stories.json").read_text(encoding="utf-8"))
    ids = [a for s in report["stories"] for a in s["story"]["article_ids"]]
    assert len(ids) == len(set(ids)) == DEMO_ARTICLES
    assert (out / "index.html").is_file()
    assert f"from {DEMO_ARTICLES} articles" in proc.stdout + proc.stderr


def test_serve_imports_after_the_first_command():
    # `parallax serve` must work after `pip install -e .` alone: the web app is not an extra.
    proc = subprocess.run(
        [sys.executable, "-c", "import fastapi, uvicorn; from parallax.web import create_app"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
