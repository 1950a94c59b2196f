"""End-to-end fixtures (helpers live in e2e_support.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent / "runtime"))  # rt_builders

from e2e_support import Cluster, Proc, base_env


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    c = Cluster(tmp_path, base_env(tmp_path))
    yield c
    c.close()




@pytest.fixture(scope="module")
def shared_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proc]:
    """One embedded server for the tests of a module that neither restart nor kill it."""
    tmp = tmp_path_factory.mktemp("shared")
    c = Cluster(tmp, base_env(tmp))
    try:
        yield c.serve()
    finally:
        c.close()
