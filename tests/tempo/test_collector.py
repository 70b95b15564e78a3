"""collector_paused: the cyclic collector is off inside, its state is put back after, and
freezing moves what exists out of its sight."""

from __future__ import annotations

import gc

import pytest

from tempo.common.collector import collector_paused


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_state_comes_back_when_the_block_raises() -> None:
    with pytest.raises(ValueError), collector_paused(freeze=True):
        raise ValueError("stop")
    assert gc.isenabled()


def test_freezing_hides_what_exists_from_the_collector() -> None:
    gc.unfreeze()
    kept = [[index] for index in range(1000)]
    try:
        with collector_paused(freeze=True):
            pass
        assert gc.get_freeze_count() >= len(kept)
    finally:
        gc.unfreeze()
