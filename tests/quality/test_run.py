"""make quality's runner (quality/run.py): parsing the scorer's summary, the table, the history, the skip."""

import pytest

from quality import run

OUTPUT = """
  import error: 999-x.txt: boom
corpus extraction: quote recall 0.56, speaker accuracy 0.68, precision 0.79 over 60 articles, 235 gold quotes, 1 import errors; recall/speaker by language: de 0.33/0.00, en 0.69/0.69, fr 0.31/1.00
corpus matching: in-article contradiction recall@3 0.26 (100 pairs), cross-article denial recall@3 0.61 (46 claims), dedup 6/12 near-identical quote pairs share a claim
"""


def test_the_two_summary_lines_are_parsed():
    figures = run.parse_summary(OUTPUT)
    assert figures["extraction"]["recall"] == 0.56 and figures["extraction"]["import_errors"] == 1
    assert figures["extraction"]["by_language"]["fr"] == {"recall": 0.31, "speaker": 1.0}
    assert figures["matching"] == {
        "in_article": 0.26, "in_article_pairs": 100, "cross_article": 0.61, "cross_claims": 46,
        "dedup": 0.5, "dedup_same": 6, "dedup_pairs": 12,
    }


def test_extraction_only_output_has_no_matching_figures_and_garbage_is_refused():
    assert "matching" not in run.parse_summary(OUTPUT.splitlines()[2])
    with pytest.raises(ValueError):
        run.parse_summary("Traceback (most recent call last): ...")


def test_the_table_marks_each_target():
    table = run.report({"measured_at": "2026-12-03 18:00", **run.parse_summary(OUTPUT)})
    assert any(line.startswith("in-article contradiction recall@3 (100 pairs)") and "| 0.26" in line for line in table.splitlines())
    assert "MISSED (>= 0.9)" in table and "6/12" in table


def test_each_run_appends_one_row_under_the_history_heading(tmp_path):
    doc = tmp_path / "quality.md"
    doc.write_text("# Quality\n\n## Someone else's section\n\nkept\n")
    results = {"measured_at": "2026-12-03 18:00", "commit": "abc1234", **run.parse_summary(OUTPUT)}
    run.record_in_history(results, doc)
    run.record_in_history({**results, "commit": "def5678"}, doc)
    text = doc.read_text()
    assert text.count(run.HISTORY_HEADING) == 1 and "## Someone else's section\n\nkept" in text
    rows = [line for line in text.splitlines() if line.startswith("| 2026-12-03")]
    assert rows == [
        "| 2026-12-03 18:00 | abc1234 | 0.56 | 0.68 | 0.79 | 0.26 | 0.61 | 6/12 |",
        "| 2026-12-03 18:00 | def5678 | 0.56 | 0.68 | 0.79 | 0.26 | 0.61 | 6/12 |",
    ]


def test_without_the_shared_corpus_it_skips_with_a_message(tmp_path, capsys):
    assert run.main(["--corpus", str(tmp_path / "absent"), "--no-history"]) == 0
    assert "make quality: skipped" in capsys.readouterr().out
