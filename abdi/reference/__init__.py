"""Reference data shipped with Abdi (no Django import: synth and rules modules use it too).

Files and their sources are listed in ``README.md`` beside this module.
"""

from pathlib import Path

REFERENCE_DIR = Path(__file__).resolve().parent


def path(name: str) -> Path:
    """Absolute path of a shipped reference file."""
    return REFERENCE_DIR / name
