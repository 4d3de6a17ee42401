"""Suggestion candidate query at two table sizes, quickly (`python bench/suggest_scale.py --claims 200000`).

Uses bench/run.py's separate database and bench/synthetic.py's generator; prints p50/p95
at 10,000 claims and at --claims, and with --explain the EXPLAIN (ANALYZE, BUFFERS) of each
candidate query for one sample claim. The database is dropped unless --keep.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # noqa: E402


def explain_all(claim) -> None:
    from django.db import connection

    from claims.matching import candidates

    for label, queryset in candidates.explainable(claim):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            print(f"--- {label}\n" + "\n".join(row[0] for row in cursor.fetchall()))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=200_000)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    maintenance_url, bench_url = run.server_urls()
    run.recreate_database(maintenance_url)
    env = run.environment(bench_url)
    try:
        migrate = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=run.REPOSITORY, env=env,
                                 capture_output=True, text=True)
        if migrate.returncode:
            raise SystemExit(migrate.stderr[-2000:])
        run.django_setup(env)
        from django.db import connection

        from bench.synthetic import TextMaker, add_claims
        from claims.models import Claim

        maker = TextMaker()
        connection.ensure_connection()
        raw = connection.connection
        seconds = add_claims(raw, count=10_000, start=0, maker=maker)
        run.log(f"10,000 claims in {seconds:.1f} s")
        sample_ids = list(Claim.objects.filter(slug__startswith="bench-claim-").order_by("pk").values_list("pk", flat=True)[:2_000:40])
        small = run.time_suggestions(sample_ids)
        run.log(f"10k: {small}")
        if options.explain:
            explain_all(Claim.objects.get(pk=sample_ids[3]))
        seconds = add_claims(raw, count=options.claims - 10_000, start=10_000, maker=maker, drop_indexes=True)
        run.log(f"{Claim.objects.count():,} claims (+{seconds:.1f} s)")
        large = run.time_suggestions(sample_ids)
        run.log(f"{options.claims:,}: {large}; growth {large['p95_ms'] / small['p95_ms']:.2f}")
        if options.explain:
            explain_all(Claim.objects.get(pk=sample_ids[3]))
    finally:
        from django.db import connections

        connections.close_all()
        if not options.keep:
            run.drop_database(maintenance_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
