"""The footer: built again only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tui.widgets.footer import KeyFooter


async def test_the_footer_is_built_again_only_when_its_keys_change(
    demo_path: Path, app_for: Callable[..., object], monkeypatch: pytest.MonkeyPatch
) -> None:
    builds: list[int] = []
    recompose = Footer.recompose

    async def counted(footer: Footer) -> None:
        builds.append(1)
        await recompose(footer)

    monkeypatch.setattr(Footer, "recompose", counted)
    app = app_for(demo_path)
    async with app.run_test(size=(120, 36)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)  # type: ignore[attr-defined]
        listed = [key.description for key in footer.query(FooterKey)]
        assert "Commands" in listed and len(builds) == 1, "built once, with the keys"
        app.screen.refresh_bindings()  # type: ignore[attr-defined]
        await pilot.press("down")
        await pilot.pause()
        assert len(builds) == 1, "the same keys: not built again"
        await pilot.press("slash")
        await pilot.pause()
        assert len(builds) == 2, "the filter's keys: built again"
        assert [key.description for key in footer.query(FooterKey)] != listed
