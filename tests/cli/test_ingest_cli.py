"""``parallax ingest``: summary, --json, exit code 3 on failed inputs, idempotent reruns."""

from __future__ import annotations

import json

from parallax.cli import EXIT_INPUT_ERRORS, EXIT_USAGE, main

SUMMIT = (
    "HANOI -- The second summit between Donald Trump and Kim Jong-un ended abruptly on Thursday "
    "without an agreement, after the two sides failed to agree on sanctions relief and denuclearisation. "
    "Trump said North Korea wanted sanctions lifted in their entirety."
)
STORM = (
    "A powerful storm flooded coastal towns overnight, cutting power to thousands of homes. "
    "Emergency crews rescued residents from rooftops as rivers burst their banks."
)


def write_inputs(folder):
    folder.mkdir()
    rows = [
        {"id": "s1", "text": SUMMIT, "title": "Summit ends without deal", "outlet": "Wire A"},
        {
            "id": "s2",
            "text": SUMMIT + " Talks may resume later.",
            "title": "Talks collapse",
            "outlet": "Paper B",
        },
        {"id": "t1", "text": STORM, "title": "Storm floods coast", "outlet": "Wire A"},
    ]
    (folder / "news.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return folder


def test_ingest_json_summary_and_rerun(tmp_path, capsys):
    inputs = write_inputs(tmp_path / "in")
    db = str(tmp_path / "p.db")
    assert main(["ingest", str(inputs), "--db", db, "--json", "--no-annotate"]) == 0
    first = json.loads(capsys.readouterr().out)
    assert (first["read"], first["new"], first["errors"], first["articles_total"]) == (3, 3, 0, 3)
    assert first["duplicates"] == 1  # s2 is s1 with one sentence added
    assert main(["ingest", str(inputs), "--db", db, "--json", "--no-annotate"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["inputs_skipped"], again["new"], again["articles_total"]) == (1, 0, 3)


def test_ingest_reports_bad_inputs_and_exits_3(tmp_path, capsys):
    inputs = write_inputs(tmp_path / "in")
    (inputs / "bad.jsonl").write_text("{not json\n")
    code = main(
        ["ingest", str(inputs), str(tmp_path / "nope"), "--db", str(tmp_path / "p.db"), "--no-annotate"]
    )
    assert code == EXIT_INPUT_ERRORS
    err = capsys.readouterr().err
    assert "bad.jsonl:1" in err and "nope" in err
    assert "3 new" in err  # the summary line; good inputs were stored


def test_ingest_into_unusable_db_is_a_usage_error(tmp_path, capsys):
    inputs = write_inputs(tmp_path / "in")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database" * 200)
    assert main(["ingest", str(inputs), "--db", str(junk), "--no-annotate"]) == EXIT_USAGE
    assert "junk.db" in capsys.readouterr().err
