"""Synthetic newsroom data for the benchmark database, written with COPY FROM STDIN.

The text is invented: pseudo-words with a Zipf-like frequency (like real vocabulary, a
few words are everywhere and most are rare) mixed with ordinary English function words,
so full-text and trigram indexes see realistic selectivity. Nothing here is read from a
published article.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate

SYLLABLES = [a + b for a in "bdfgklmnprstvz" for b in ("a", "e", "i", "o", "u", "ar", "en", "il", "on", "us")]
FUNCTION_WORDS = ["the", "a", "of", "to", "in", "and", "will", "was", "not", "no", "has", "have", "that", "is", "are",
                  "never", "said", "by", "for", "on", "with", "than", "more", "less", "every", "all"]
VOCABULARY_SIZE = 30_000
SOURCES = 2_000


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    words = set()
    while len(words) < VOCABULARY_SIZE:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    weights = [1.0 / (rank + 10) for rank in range(len(ordered))]
    return ordered, list(accumulate(weights))


class TextMaker:
    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.words, self.cumulative = _vocabulary(self.rng)

    def sentence(self) -> str:
        rng = self.rng
        content = rng.choices(self.words, cum_weights=self.cumulative, k=rng.randint(8, 16))
        glue = rng.choices(FUNCTION_WORDS, k=len(content) // 2)
        tokens = []
        for index, word in enumerate(content):
            tokens.append(word)
            if index < len(glue) and rng.random() < 0.6:
                tokens.append(glue[index])
        if rng.random() < 0.3:
            tokens.append(str(rng.randint(2, 9_999)))
        return " ".join(tokens).capitalize() + "."


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def ensure_sources(connection) -> list[int]:
    """Insert SOURCES synthetic speakers once; returns their ids."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM claims_source WHERE slug LIKE 'bench-source-%' ORDER BY id")
        existing = [row[0] for row in cursor.fetchall()]
        if existing:
            return existing
        now = datetime.now(UTC)
        with cursor.copy("COPY claims_source (name, slug, kind, affiliation, country, description, created_at, updated_at) FROM STDIN") as copy:
            for index in range(SOURCES):
                copy.write_row((f"Bench Speaker {index}", f"bench-source-{index}", "person", "", "", "", now, now))
        cursor.execute("SELECT id FROM claims_source WHERE slug LIKE 'bench-source-%' ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


GIN_INDEXES = {
    "claim_search_vector": "CREATE INDEX claim_search_vector ON claims_claim USING gin (search_vector)",
    "claim_normalised_text_trgm": "CREATE INDEX claim_normalised_text_trgm ON claims_claim USING gin (normalised_text gin_trgm_ops)",
}


def add_claims(connection, *, count: int, start: int, maker: TextMaker, drop_indexes: bool = False) -> float:
    """COPY `count` published claims (slugs bench-claim-<start...>); returns seconds taken.

    For bulk loads the GIN indexes are dropped and rebuilt afterwards: one sorted build is
    far faster than a million incremental inserts into them.
    """
    started = time.monotonic()
    sources = ensure_sources(connection)
    rng = maker.rng
    base_day = date(2020, 1, 1)
    now = datetime.now(UTC)
    with connection.cursor() as cursor:
        if drop_indexes:
            for name in GIN_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
        columns = "speaker_id, text, normalised_text, context, kind, polarity, stated_on, status, slug, version, created_at, updated_at, published_at"
        with cursor.copy(f"COPY claims_claim ({columns}) FROM STDIN") as copy:
            for number in range(start, start + count):
                text = maker.sentence()
                stated = base_day + timedelta(days=rng.randint(0, 2_000))
                copy.write_row((
                    rng.choice(sources), text, text.casefold(), "", "direct",
                    "denies" if rng.random() < 0.15 else "asserts", stated, "published",
                    f"bench-claim-{number}", 1, now, now, now,
                ))
        if drop_indexes:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute("SET max_parallel_maintenance_workers = 2")
            for statement in GIN_INDEXES.values():
                cursor.execute(statement)
        # As autovacuum would after a bulk load: without statistics the planner takes the
        # 2,000 speakers for one row and joins names against them with a nested loop.
        cursor.execute("ANALYZE claims_claim")
        cursor.execute("ANALYZE claims_source")
    connection.commit()
    return time.monotonic() - started
