"""make quality: score the whole pipeline on the shared corpus of real articles, in a scratch database.

Creates the database `factcheck_quality` on the embedded cluster (or on DATABASE_URL's server),
migrates it, runs `../shared/tools/score_corpus.py ../shared/corpus` against it, writes the
figures to quality/results.json, prints a table, drops the database and appends the run to the
history in docs/quality.md. Skips with a message (exit 0) when ../shared is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "quality" / "results.json"
QUALITY_DOC = ROOT / "docs" / "quality.md"
HISTORY_HEADING = "## History of make quality runs"
QUALITY_DATABASE = "factcheck_quality"
# The bars (issue 13): contradiction recall within and across articles, dedup.
TARGETS = {"in_article": 0.9, "cross_article": 0.9, "dedup": 0.95}

_EXTRACTION = re.compile(
    r"extraction: quote recall (?P<recall>[\d.]+), speaker accuracy (?P<speaker>[\d.]+), precision (?P<precision>[\d.]+) "
    r"over (?P<articles>\d+) articles, (?P<gold_quotes>\d+) gold quotes, (?P<import_errors>\d+) import errors; "
    r"recall/speaker by language: (?P<languages>.*)$",
    re.MULTILINE,
)
_LANGUAGE = re.compile(r"(?P<language>[a-z]{2}) (?P<recall>[\d.]+)/(?P<speaker>[\d.]+)")
_MATCHING = re.compile(
    r"matching: in-article contradiction recall@3 (?P<in_article>[\d.]+) \((?P<in_article_pairs>\d+) pairs\), "
    r"cross-article denial recall@3 (?P<cross_article>[\d.]+) \((?P<cross_claims>\d+) claims\), "
    r"dedup (?P<dedup_same>\d+)/(?P<dedup_pairs>\d+) near-identical",
    re.MULTILINE,
)


def log(message: str) -> None:
    print(f"[quality {time.strftime('%H:%M:%S')}] {message}", flush=True)


def parse_summary(output: str) -> dict:
    """The figures of score_corpus.py's two summary lines (the matching one may be absent)."""
    extraction = _EXTRACTION.search(output)
    if extraction is None:
        raise ValueError("score_corpus.py printed no extraction summary line")
    figures = {
        "extraction": {
            **{key: float(extraction[key]) for key in ("recall", "speaker", "precision")},
            **{key: int(extraction[key]) for key in ("articles", "gold_quotes", "import_errors")},
            "by_language": {
                match["language"]: {"recall": float(match["recall"]), "speaker": float(match["speaker"])}
                for match in _LANGUAGE.finditer(extraction["languages"])
            },
        }
    }
    matching = _MATCHING.search(output)
    if matching is not None:
        same, pairs = int(matching["dedup_same"]), int(matching["dedup_pairs"])
        figures["matching"] = {
            "in_article": float(matching["in_article"]),
            "in_article_pairs": int(matching["in_article_pairs"]),
            "cross_article": float(matching["cross_article"]),
            "cross_claims": int(matching["cross_claims"]),
            "dedup": round(same / pairs, 3) if pairs else 0.0,
            "dedup_same": same,
            "dedup_pairs": pairs,
        }
    return figures


def report(results: dict) -> str:
    """A table like make bench's: metric, value, target."""
    extraction = results["extraction"]
    rows = [("metric", "value", "target")]
    rows += [
        ("quote recall", f"{extraction['recall']:.2f}", ""),
        ("speaker accuracy", f"{extraction['speaker']:.2f}", ""),
        ("precision", f"{extraction['precision']:.2f}", ""),
    ]
    rows += [(f"recall/speaker {language}", f"{value['recall']:.2f}/{value['speaker']:.2f}", "") for language, value in sorted(extraction["by_language"].items())]
    matching = results.get("matching")
    if matching:
        for name, label, count in (
            ("in_article", "in-article contradiction recall@3", f"{matching['in_article_pairs']} pairs"),
            ("cross_article", "cross-article denial recall@3", f"{matching['cross_claims']} claims"),
            ("dedup", "dedup (near-identical quotes sharing a claim)", f"{matching['dedup_same']}/{matching['dedup_pairs']}"),
        ):
            met = "met" if matching[name] >= TARGETS[name] else "MISSED"
            rows.append((f"{label} ({count})", f"{matching[name]:.2f}", f"{met} (>= {TARGETS[name]})"))
    rows.append(("articles / gold quotes / import errors", f"{extraction['articles']} / {extraction['gold_quotes']} / {extraction['import_errors']}", ""))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    lines = [" | ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def history_row(results: dict) -> str:
    extraction, matching = results["extraction"], results.get("matching") or {}
    figure = lambda key, fmt="{:.2f}": fmt.format(matching[key]) if key in matching else "-"  # noqa: E731
    dedup = f"{matching['dedup_same']}/{matching['dedup_pairs']}" if matching else "-"
    return (f"| {results['measured_at']} | {results.get('commit', '')} | {extraction['recall']:.2f} | {extraction['speaker']:.2f} | "
            f"{extraction['precision']:.2f} | {figure('in_article')} | {figure('cross_article')} | {dedup} |")


def record_in_history(results: dict, doc: Path = QUALITY_DOC) -> None:
    """Append the run as one row of the table under HISTORY_HEADING (created when missing)."""
    header = ("| when (UTC) | commit | quote recall | speaker | precision | in-article recall@3 | cross-article recall@3 | dedup |\n"
              "|---|---|---|---|---|---|---|---|")
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Quality on real articles\n"
    row = history_row(results)
    if HISTORY_HEADING not in text:
        text = text.rstrip("\n") + f"\n\n{HISTORY_HEADING}\n\nAppended by `make quality` (quality/run.py), one row per run.\n\n{header}\n{row}\n"
    else:
        before, _, section = text.partition(HISTORY_HEADING)
        next_heading = re.search(r"^## ", section, re.MULTILINE)
        body, rest = (section[: next_heading.start()], section[next_heading.start():]) if next_heading else (section, "")
        if "| when (UTC) |" not in body:
            body = body.rstrip("\n") + f"\n\n{header}\n"
        body = body.rstrip("\n") + f"\n{row}\n" + ("\n" if rest else "")
        text = before + HISTORY_HEADING + body + rest
    doc.write_text(text, encoding="utf-8")


def server_urls() -> tuple[str, str]:
    """(maintenance database URL, quality database URL) on the configured server."""
    configured = os.environ.get("DATABASE_URL")
    if not configured:
        sys.path.insert(0, str(ROOT))
        from factcheck import db

        db.start()
        return db.database_url("postgres"), db.database_url(QUALITY_DATABASE)
    parts = urlsplit(configured)
    return urlunsplit(parts._replace(path="/postgres")), urlunsplit(parts._replace(path=f"/{QUALITY_DATABASE}"))


def _database(maintenance_url: str, *, create: bool) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{QUALITY_DATABASE}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{QUALITY_DATABASE}"')


def _commit() -> str:
    found = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return found.stdout.strip() if found.returncode == 0 else ""


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=str(SHARED / "corpus"), help="folder with gold.json and the articles (default ../shared/corpus)")
    parser.add_argument("--scorer", default=str(SHARED / "tools" / "score_corpus.py"))
    parser.add_argument("--lang", help="only these languages (comma-separated), passed to the scorer")
    parser.add_argument("--part", choices=["extraction", "matching", "all"], default="all")
    parser.add_argument("--no-history", action="store_true", help="do not append the run to docs/quality.md")
    parser.add_argument("--details", metavar="FILE", help="also save the scorer's --details output (every miss) to FILE")
    options = parser.parse_args(arguments)
    corpus, scorer = Path(options.corpus), Path(options.scorer)
    if not (corpus / "gold.json").exists() or not scorer.exists():
        print(f"make quality: skipped, no corpus at {corpus} (or no scorer at {scorer}); it needs the shared folder beside the checkout (../shared).")
        return 0
    maintenance_url, quality_url = server_urls()
    started = time.monotonic()
    log(f"creating the scratch database {QUALITY_DATABASE}")
    _database(maintenance_url, create=True)
    try:
        env = {**os.environ, "DATABASE_URL": quality_url, "DJANGO_DEBUG": "True", "DJANGO_LOG_LEVEL": "ERROR"}
        subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        command = [sys.executable, str(scorer), str(corpus), "--python", sys.executable, "--part", options.part]
        if options.lang:
            command += ["--lang", options.lang]
        if options.details:
            command.append("--details")
        log("scoring (about five minutes for the whole corpus)")
        scored = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if scored.returncode:
            print(scored.stdout[-2000:], scored.stderr[-2000:], file=sys.stderr)
            return scored.returncode
        if options.details:
            Path(options.details).write_text(scored.stdout, encoding="utf-8")
    finally:
        _database(maintenance_url, create=False)
        log(f"dropped {QUALITY_DATABASE}")
    results = {
        "measured_at": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"),
        "commit": _commit(),
        "corpus": str(corpus),
        "seconds": round(time.monotonic() - started, 1),
        **parse_summary(scored.stdout),
        "summary": [line for line in scored.stdout.splitlines() if " extraction: " in line or " matching: " in line],
    }
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(report(results))
    if not options.no_history:
        record_in_history(results)
    log(f"wrote {RESULTS.relative_to(ROOT)}" + ("" if options.no_history else f" and a row in {QUALITY_DOC.relative_to(ROOT)}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
