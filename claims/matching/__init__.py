"""Claim -> ranked counterclaim suggestions, each with its reasons.

lexicon.json (data) and lexicon.py: synonyms, antonyms, cues and variants.
scoring.py: pure rules relating two statements (no ORM).
candidates.py: candidate retrieval in PostgreSQL, bounded and index-backed.
"""
