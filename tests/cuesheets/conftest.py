"""The cue-sheet tests' fixture: a project with a complete cue sheet
(:func:`cuesheet_support.music_project`)."""

from __future__ import annotations

import pytest
from cuesheet_support import music_project

from scoresync.project.model import Project


@pytest.fixture
def project() -> Project:
    return music_project()
