"""What a person's first name says about them: used for he/she when the article says nothing.

gender-guesser's table (about 40,000 first names from many countries, shipped inside the
package, nothing downloaded) answers "male", "female", "mostly_male", "mostly_female",
"andy" (either) or "unknown". Only "male" and "female" count ("Dale" is mostly male, and not always); the table is read once per process
(about a second), on the first he/she that needs it.
"""
from functools import lru_cache

_GENDERS = {"male": "m", "female": "f"}


@lru_cache(maxsize=1)
def _detector():
    import gender_guesser.detector

    return gender_guesser.detector.Detector(case_sensitive=False)


@lru_cache(maxsize=4096)
def first_name_gender(first_name: str) -> str:
    """"m", "f", or "" when the name does not tell (unknown, either, an initial, a title)."""
    cleaned = first_name.strip(".,'\u2019")
    if len(cleaned) < 2 or not cleaned.isalpha():
        return ""
    return _GENDERS.get(_detector().get_gender(cleaned), "")
