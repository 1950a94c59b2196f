from __future__ import annotations

from pathlib import Path

import pytest

from wirework.nodes._common.corpus import assert_golden, corpus_params


@pytest.mark.parametrize("path", corpus_params("Xml__"))
async def test_corpus(path: Path) -> None:
    await assert_golden(path)
