"""Lets the extraction tests import their scoring helper and the package without Django."""
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
for path in (str(HERE), str(REPOSITORY)):
    if path not in sys.path:
        sys.path.insert(0, path)
