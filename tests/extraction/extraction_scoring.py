"""Gold scoring for the extraction tests, with the reviewers' definitions.

The reviewers' matching functions are imported from ../shared/tools when that folder is
beside the repository; otherwise an identical copy below is used, so the figures on the
team's own articles do not depend on the shared folder.
"""
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
SHARED = REPOSITORY.parent / "shared"
ARTICLES = REPOSITORY / "tests" / "data" / "articles"
FIXTURES = SHARED / "fixtures"

if (SHARED / "tools" / "score_extraction_lib.py").exists():
    sys.path.insert(0, str(SHARED / "tools"))
    from score_extraction_lib import norm, same_quote, same_speaker  # noqa: E402
else:
    _STOP = {"of", "the", "s", "armed", "forces", "mr", "president", "u", "us"}

    def norm(text):
        text = unicodedata.normalize("NFKC", text).replace("\u2019", "'").replace("\u2018", "'")
        text = text.replace("\u201c", '"').replace("\u201d", '"')
        return re.sub(r"\s+", " ", text).strip()

    def _tokens(text):
        return re.findall(r"[a-z0-9]+", norm(text).lower())

    def _token_f1(predicted, gold):
        predicted_tokens, gold_tokens = _tokens(predicted), _tokens(gold)
        if not predicted_tokens or not gold_tokens:
            return 0.0
        pool = list(gold_tokens)
        common = 0
        for token in predicted_tokens:
            if token in pool:
                pool.remove(token)
                common += 1
        if not common:
            return 0.0
        precision, recall = common / len(predicted_tokens), common / len(gold_tokens)
        return 2 * precision * recall / (precision + recall)

    def same_quote(predicted, gold):
        normal_predicted, normal_gold = norm(predicted).lower(), norm(gold).lower()
        return (
            normal_gold in normal_predicted and len(normal_predicted) <= 2.5 * len(normal_gold) + 40
        ) or _token_f1(predicted, gold) >= 0.8

    def _speaker_tokens(text):
        return {token for token in _tokens(text.replace("'s", "")) if token not in _STOP}

    def same_speaker(predicted, gold_names):
        predicted_tokens = _speaker_tokens(predicted or "")
        return bool(predicted_tokens) and any(
            (gold_tokens := _speaker_tokens(name)) and (predicted_tokens <= gold_tokens or gold_tokens <= predicted_tokens)
            for name in gold_names
        )


@dataclass
class Score:
    name: str
    claims: int
    gold: int
    found: int
    right_speaker: int
    useful: int
    right_polarity: int
    furniture: list
    misses: list

    @property
    def recall(self):
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self):
        return self.useful / self.claims if self.claims else 1.0

    @property
    def speaker_accuracy(self):
        return self.right_speaker / self.found if self.found else 1.0


def score_article(name, gold, claims):
    """Score claims (dicts with text, speaker, polarity) against one gold file, as the scorer does."""
    quotes, fragments = gold["quotes"], gold.get("fragments", [])
    found = right_speaker = right_polarity = 0
    misses = []
    for quote in quotes:
        names = [quote["speaker"]] + ([quote["speaker_as_written"]] if "speaker_as_written" in quote else [])
        hits = [claim for claim in claims if same_quote(claim["text"], quote["text"])]
        if not hits:
            misses.append(f"missed {quote['id']}")
            continue
        found += 1
        if any(same_speaker(claim["speaker"], names) for claim in hits):
            right_speaker += 1
        else:
            misses.append(f"speaker {hits[0]['speaker']!r} for {quote['id']}")
        if any(claim["polarity"] == quote.get("polarity", "asserts") for claim in hits):
            right_polarity += 1
    useful = sum(1 for claim in claims if any(same_quote(claim["text"], item["text"]) for item in quotes + fragments))
    furniture = [
        phrase for phrase in gold.get("must_not_extract", []) for claim in claims
        if norm(phrase).lower() in norm(claim["text"]).lower()
    ]
    return Score(name, len(claims), len(quotes), found, right_speaker, useful, right_polarity, furniture, misses)


def load_gold(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))
