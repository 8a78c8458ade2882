"""The bundled sample corpus: wire-style articles written by the project (see data/samples/GOLD.toml)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_dir() -> Path:
    """Folder of the sample articles as installed with the package."""
    return Path(str(resources.files("frontwire.data").joinpath("samples")))
