"""Claim -> ranked counterclaim suggestions, each with its reasons.

lexicon.json (data) and lexicon.py: synonyms, antonyms, cues and variants.
scoring.py: pure rules relating two statements (no ORM).
candidates.py: candidate retrieval in PostgreSQL, bounded and index-backed.
targets.py: what a quote answers, from the text around it (pure; stored per appearance).
answers.py: reported together, the other side named (pure helpers of scoring.py).
See docs/matching.md.
"""
