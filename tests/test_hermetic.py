"""The check that a test run leaves the working tree as it found it can see a change."""

from __future__ import annotations

import uuid

from kg.settings import ROOT
from tests.helpers import tree_snapshot


def test_the_snapshot_sees_a_new_file_and_ignores_tool_caches():
    before = tree_snapshot()
    probe = ROOT / f".probe-{uuid.uuid4().hex}"
    cache = ROOT / "kg" / "__pycache__" / f"probe-{uuid.uuid4().hex}.pyc"
    try:
        probe.write_text("x")
        cache.write_text("x")
        after = tree_snapshot()
    finally:
        probe.unlink(missing_ok=True)
        cache.unlink(missing_ok=True)
    assert set(after) - set(before) == {probe.name}
    assert tree_snapshot() == before
