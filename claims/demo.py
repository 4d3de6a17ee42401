"""Demo content for `seed_demo`: the team's own demo articles, imported through the real pipeline."""


def seed_content(*, stdout=None) -> str:
    """Import the demo articles once; return a one-line report."""
    return "No demo articles to import yet."
