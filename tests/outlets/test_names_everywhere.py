"""One readable outlet name per article in extract, compare, digest and serve (demo corpus and seeds)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from parallax import api
from parallax.cli import main

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "demo" / "corpus"
ID_LIKE = re.compile(r"^[0-9a-f]{16}$|\.(txt|html?|jsonl|rss|warc)\b|^urn:|^[0-9]{3}_")


def _inputs(request: pytest.FixtureRequest) -> list[str]:
    if request.param == "seeds":
        return [str(request.getfixturevalue("seeds_dir"))]
    return [str(DEMO)]


@pytest.fixture(scope="module", params=["demo", "seeds"])
def inputs(request: pytest.FixtureRequest) -> list[str]:
    return _inputs(request)


def _extract_names(inputs: list[str], capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    assert main(["extract", *inputs, "--jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return {r["id"]: r["outlet"] for r in rows}


def test_same_readable_name_in_every_command(
    inputs: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    extracted = _extract_names(inputs, capsys)
    assert extracted and all(name and not ID_LIKE.search(name) for name in extracted.values()), extracted

    # compare: every outlet's framing row names its articles
    assert main(["compare", *inputs, "--json", "--no-annotate"]) == 0
    comp = json.loads(capsys.readouterr().out)
    compared = {aid: f["outlet"] for f in comp["framing"] for aid in f["article_ids"]}
    for c in comp["unique"]:
        compared.setdefault(c["id"], c["outlet"])
        assert c["outlet"] == extracted[c["id"]]
    assert compared == {aid: extracted[aid] for aid in compared} and compared

    # digest: stories.json lists each story's articles with their outlet; stories.md the same names
    out = tmp_path / "report"
    assert main(["digest", *inputs, "--out", str(out), "--no-annotate"]) == 0
    capsys.readouterr()
    stories = json.loads((out / "stories.json").read_text(encoding="utf-8"))["stories"]
    digested = {a["id"]: a["outlet"] for s in stories for a in s["articles"]}
    assert digested == extracted
    assert {o for s in stories for o in s["story"]["outlets"]} == set(extracted.values())
    md = (out / "stories.md").read_text(encoding="utf-8")
    assert all(name in md for name in extracted.values())

    # serve: story pages group articles by the same names; article pages show them too
    from fastapi.testclient import TestClient

    from parallax.web import create_app

    db = tmp_path / "store.db"
    api.ingest(inputs, db)
    served: dict[str, str] = {}
    with TestClient(create_app(db)) as client:
        for s in client.get("/stories.json?limit=500").json()["stories"]:
            page = client.get(f"/stories/{s['id']}.json").json()
            served |= {aid: name for name, ids in page["by_outlet"].items() for aid in ids}
            html = client.get(f"/stories/{s['id']}").text
            assert all(name.replace("&", "&amp;") in html for name in page["by_outlet"])
        for aid, name in extracted.items():
            assert client.get(f"/articles/{aid}.json").json()["article"]["outlet"] == name
    assert served == extracted


def test_user_outlet_file_renames_in_every_command(
    seeds_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    f = tmp_path / "outlets.toml"
    f.write_text('[[outlet]]\nname = "Aju Business Daily"\nmatch = ["004_*"]\n', encoding="utf-8")
    assert main(["extract", str(seeds_dir), "--jsonl", "--outlets", str(f)]) == 0
    names = {json.loads(line)["outlet"] for line in capsys.readouterr().out.splitlines()}
    assert names == {"Sputnik", "Aju Business Daily"}
    assert main(["compare", str(seeds_dir), "--json", "--no-annotate", "--outlets", str(f)]) == 0
    comp = json.loads(capsys.readouterr().out)
    assert {f["outlet"] for f in comp["framing"]} == names


def test_bad_outlet_file_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "o.toml"
    f.write_text('[[outlet]]\nname = "X"\nleaning = "sideways"\n', encoding="utf-8")
    assert main(["extract", str(DEMO), "--jsonl", "--outlets", str(f)]) == 2
    assert "sideways" in capsys.readouterr().err
