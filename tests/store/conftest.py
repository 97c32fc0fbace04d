"""Store test fixtures; puts this folder on sys.path for ``store_helpers`` and ``fake_assigner``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fake_assigner import factory


@pytest.fixture
def fake_factory():
    return factory
