"""The cue list draws only the rows on screen: a 10,000-cue project opens on its first
rows, the cursor moves without drawing rows again, an edit redraws only the row it
touched; clicks on rows and headings, the filter and a narrow terminal."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tui_support import HOUR, RATE, SECOND, replace_text, screen_text

import tui.widgets.cue_table as cue_table
from scoresync.project.cuenumber import CueNumber
from scoresync.project.fileio import save_project
from scoresync.project.model import Cue, CueStatus, Project, Reel
from tui.widgets.cue_table import CueTable

CUES = 10_000
PER_REEL = 1_000
SIZE = (120, 36)
LIST_TOP = 2
"""The screen line of the list's headings (below the app header and the filter)."""


def big_project() -> Project:
    """10,000 cues over 10 reels, numbered 1M1 ... 10M1000, titled "Cue 1" ... "Cue 10000"."""
    reels = tuple(Reel(r, f"R{r}", HOUR + (r - 1) * 2 * HOUR) for r in range(1, 11))
    statuses = list(CueStatus)
    cues = []
    for index in range(CUES):
        reel, number = divmod(index, PER_REEL)
        start = reels[reel].start_frames + number * 7 * SECOND
        cues.append(
            Cue(
                CueNumber(reel + 1, number + 1),
                f"Cue {index + 1}",
                start,
                start + 6 * SECOND,
                status=statuses[index % len(statuses)],
            )
        )
    return Project("Scale", RATE, HOUR, reels, tuple(cues))


@pytest.fixture(scope="module")
def big_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "big.scoresync.json"
    save_project(big_project(), path)
    return path


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The numbers of the cues whose rows the list renders, in order, from now on."""
    numbers: list[str] = []
    render = cue_table._row_segments

    def recording(cue: Cue, *arguments: object) -> object:
        numbers.append(str(cue.number))
        return render(cue, *arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(cue_table, "_row_segments", recording)
    yield numbers


def list_lines(app: object) -> list[str]:
    """The lines the cue list shows: its headings, then one line per row on screen."""
    table = app.screen.query_one(CueTable)  # type: ignore[attr-defined]
    width, height = table.size
    lines = screen_text(app).splitlines()[LIST_TOP : LIST_TOP + height]
    return [line[:width].rstrip() for line in lines]


def first_words(lines: list[str]) -> list[str]:
    """The first word of each cue row (reel headings left out)."""
    return [line.split()[0] for line in lines if line.strip() and not line.startswith("──")]


def highlights(table: CueTable) -> list[CueNumber | None]:
    """Record the numbers the table reports with CueHighlighted from now on."""
    seen: list[CueNumber | None] = []
    post = table.post_message

    def recording(message: object) -> bool:
        if isinstance(message, CueTable.CueHighlighted):
            seen.append(message.number)
        return post(message)  # type: ignore[arg-type]

    table.post_message = recording  # type: ignore[method-assign]
    return seen


async def test_a_large_project_opens_on_its_first_rows(
    big_path: Path, app_for: Callable[..., object], rendered: list[str]
) -> None:
    app = app_for(big_path)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        table = app.screen.query_one(CueTable)  # type: ignore[attr-defined]
        assert table.row_count == CUES
        lines = list_lines(app)
        assert lines[0].split()[:2] == ["Cue", "▲"], "the headings, sorted by number"
        assert lines[1].startswith("── Reel 1 · 01:00:00:00 · 1000 cues ──")
        rows_on_screen = table.size.height - 2
        assert first_words(lines[2:]) == [f"1M{n}" for n in range(1, rows_on_screen + 1)]
        assert len(set(rendered)) <= rows_on_screen, "only the rows on screen were rendered"
        reels = 10
        assert table.virtual_size.height == 1 + reels + CUES, "the scrollbar spans every cue"


async def test_end_shows_the_last_cue_and_reports_it(
    big_path: Path, app_for: Callable[..., object], rendered: list[str]
) -> None:
    app = app_for(big_path)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        table = app.screen.query_one(CueTable)  # type: ignore[attr-defined]
        seen = highlights(table)
        rendered.clear()
        await pilot.press("end")
        await pilot.pause()
        last = CueNumber(10, PER_REEL)
        assert table.cursor_row == CUES - 1 and table.selected_number == last
        assert seen == [last]
        assert app.screen.selected == last, "the screen follows the list"  # type: ignore[attr-defined]
        assert first_words(list_lines(app))[-1] == "10M1000"
        assert len(rendered) < table.size.height, "only the last page was rendered"
        await pilot.press("home")
        assert table.cursor_row == 0 and seen[-1] == CueNumber(1, 1)
        assert first_words(list_lines(app)[1:])[0] == "1M1"


async def test_moving_the_cursor_renders_no_row_again(
    big_path: Path, app_for: Callable[..., object], rendered: list[str]
) -> None:
    app = app_for(big_path)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        table = app.screen.query_one(CueTable)  # type: ignore[attr-defined]
        rendered.clear()
        await pilot.press("down", "down", "down", "up")
        assert table.selected_number == CueNumber(1, 3)
        assert rendered == [], "the rows on screen were drawn from what they rendered before"
        page = table.size.height - 1
        await pilot.press("pagedown")
        assert table.cursor_row == 2 + page
        lines = list_lines(app)
        # the list's first line is reel 1's heading: a page further down shows 1M{page}
        assert first_words(lines[1:])[0] == f"1M{page}", "the list scrolled a page"
        assert sorted(rendered, key=lambda n: int(n[2:])) == [
            f"1M{n}" for n in range(page, 2 * page)
        ], "the new page's rows were rendered, once each"
        await pilot.press("pageup")
        assert table.cursor_row == 2
        assert first_words(list_lines(app)[1:])[0] == "1M1"
        assert len(rendered) == page, "the first page's rows were kept"


async def test_scrolling_keeps_the_cursor_in_view(
    big_path: Path, app_for: Callable[..., object]
) -> None:
    app = app_for(big_path)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        table = app.screen.query_one(CueTable)  # type: ignore[attr-defined]
        rows_on_screen = table.size.height - 1
        await pilot.press(*["down"] * (rows_on_screen + 2))
        lines = list_lines(app)
        assert first_words(lines)[-1] == f"1M{rows_on_screen + 3}", "the cursor's row is last"
        assert first_words(lines[1:])[0] == "1M4"


async def test_a_click_on_a_row_selects_its_cue(
    demo_path: Path, app_for: Callable[..., object]
) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        table = app.screen.query_one(CueTable)  # type: ignore[attr-defined]
        third = app.document.project.cues[2].number  # type: ignore[attr-defined]
        assert await pilot.click(CueTable, offset=(3, 4)), (
            "below the headings of the list and reel 1"
        )
        await pilot.pause()
        assert table.cursor_row == 2
        assert app.screen.selected == third  # type: ignore[attr-defined]
        assert await pilot.click(CueTable, offset=(3, 0)), "a click on the heading Cue"
        await pilot.pause()
        assert app.screen.sort == ("number", True)  # type: ignore[attr-defined]
        assert table.cursor_row == table.row_count - 3, "the list reversed under the cursor"
        assert table.selected_number == third


async def test_a_click_on_a_heading_sorts_by_it(
    big_path: Path, app_for: Callable[..., object]
) -> None:
    app = app_for(big_path)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        title_x = list_lines(app)[0].index("Title")
        assert await pilot.click(CueTable, offset=(title_x, 0))
        await pilot.pause()
        assert app.screen.sort == ("title", False)  # type: ignore[attr-defined]
        lines = list_lines(app)
        assert "Title ▲" in lines[0] and "Cue ▲" not in lines[0]
        titles = sorted((f"Cue {n}" for n in range(1, CUES + 1)), key=str.casefold)
        assert [line.split()[2] for line in lines[1:4]] == [t.split()[1] for t in titles[:3]]
        assert await pilot.click(CueTable, offset=(title_x, 0))
        await pilot.pause()
        assert app.screen.sort == ("title", True)  # type: ignore[attr-defined]
        assert app.screen.query_one(CueTable).selected_number == CueNumber(1, 1)  # type: ignore[attr-defined]
        await pilot.press("home")
        lines = list_lines(app)
        assert "Title ▼" in lines[0]
        assert lines[1].split()[:3] == ["10M999", "Cue", "9999"], "the last title comes first"


async def test_an_edit_redraws_only_its_row(
    big_path: Path, app_for: Callable[..., object], rendered: list[str]
) -> None:
    app = app_for(big_path)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("down")
        before = list_lines(app)
        rendered.clear()
        await pilot.press("right_curly_bracket")  # the selected cue one second later
        await pilot.pause()
        assert rendered == ["1M2"]
        after = list_lines(app)
        assert "01:00:07:00" in before[3] and "01:00:08:00" in after[3]
        assert after[:3] == before[:3] and after[4:] == before[4:]


async def test_the_filter_narrows_the_list(big_path: Path, app_for: Callable[..., object]) -> None:
    app = app_for(big_path)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        table = app.screen.query_one(CueTable)  # type: ignore[attr-defined]
        seen = highlights(table)
        await pilot.press("slash", "c", "u", "e", "space", "9", "9", "9", "9")
        await pilot.pause()
        assert table.row_count == 1 and table.selected_number == CueNumber(10, 999)
        assert seen[-1] == CueNumber(10, 999), "the only cue left is highlighted"
        assert first_words(list_lines(app)[1:]) == ["10M999"]
        await pilot.press("escape")
        await pilot.pause()
        assert table.row_count == CUES
        assert table.selected_number == CueNumber(10, 999), "the selection stays put"
        assert first_words(list_lines(app))[-1] == "10M999", "and in view"


async def test_a_narrow_terminal_drops_the_optional_columns(
    demo_path: Path, app_for: Callable[..., object], rendered: list[str]
) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=(160, 48)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        headings = list_lines(app)[0].split()
        assert "End" in headings and "Tempo" in headings
        rendered.clear()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        headings = list_lines(app)[0].split()
        assert headings == ["Cue", "▲", "Title", "Start", "Duration", "Hits", "Status"]
        numbers = [str(cue.number) for cue in app.document.project.cues]  # type: ignore[attr-defined]
        assert set(rendered) == set(numbers), "every row rendered again at the new width"


async def test_a_renamed_cue_is_found_by_its_new_title(
    project_path: Path, app_for: Callable[..., object]
) -> None:
    app = app_for(project_path)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        table = app.screen.query_one(CueTable)  # type: ignore[attr-defined]
        await pilot.press("slash", "o", "p", "e", "n")
        await pilot.pause()
        assert table.row_count == 1, "Opening matches before the rename"
        await pilot.press("escape", "e", "tab")
        await replace_text(pilot, "Overture")
        await pilot.press("enter")
        await pilot.pause()
        assert list_lines(app)[2].split()[:2] == ["1M1", "Overture"], "the row shows the title"
        await pilot.press("slash", "o", "p", "e", "n")
        await pilot.pause()
        assert table.row_count == 0, "the old title no longer matches"
        await pilot.press("escape", "slash", "o", "v", "e", "r")
        await pilot.pause()
        assert table.row_count == 1 and table.selected_number == CueNumber(1, 1)


async def test_typing_and_deleting_in_the_filter_lists_the_matching_cues(
    big_path: Path, app_for: Callable[..., object]
) -> None:
    app = app_for(big_path)
    cues = big_project().cues

    def matching(text: str) -> list[str]:
        words = text.casefold().split()
        return [
            str(cue.number)
            for cue in cues
            if all(w in f"{cue.number} {cue.title} {cue.status.value}".casefold() for w in words)
        ]

    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        table = app.screen.query_one(CueTable)  # type: ignore[attr-defined]
        await pilot.press("slash")
        typed = ""
        for key, change in [
            ("9", "9"),
            ("9", "9"),
            ("space", " "),
            ("w", "w"),
            ("backspace", None),
            ("backspace", None),
            ("backspace", None),
            ("m", "m"),
        ]:
            await pilot.press(key)
            typed = typed[:-1] if change is None else typed + change
            await pilot.pause()
            shown = [str(cue.number) for cue in app.screen.visible_cues()]  # type: ignore[attr-defined]
            assert shown == matching(typed), typed
            assert table.row_count == len(shown)
        assert typed == "9m" and table.selected_number == CueNumber.parse(matching("9m")[0])


def test_a_prepared_filter_finds_what_an_unprepared_one_does() -> None:
    cues = list(big_project().cues[:50])
    expected = cue_table.filter_cues(cues, "cue 4")
    cue_table.prepare_filter(cues)
    assert cue_table.filter_cues(cues, "cue 4") == expected
    renamed = [*cues[:3], Cue(cues[3].number, "Train", cues[3].start_frames, cues[3].end_frames)]
    cue_table.prepare_filter(cues)
    assert [str(cue.number) for cue in cue_table.filter_cues(renamed, "train")] == ["1M4"], (
        "a list other than the prepared one is matched on its own cues"
    )


def _two_reels(cues: list[tuple[str, int]], names: tuple[str, str] = ("R1", "R2")) -> Project:
    """A project with reels at 01:00:00:00 and 02:00:00:00 and the cues given as (number,
    start)."""
    reels = (Reel(1, names[0], HOUR), Reel(2, names[1], 2 * HOUR))
    made = tuple(
        Cue(CueNumber.parse(number), f"Cue {number}", start, start + 5 * SECOND)
        for number, start in cues
    )
    return Project("Reels", RATE, HOUR, reels, made)


def test_reel_headings_head_each_run_of_cues_in_one_reel() -> None:
    from tui.screens.reels import reel_headings

    project = _two_reels(
        [("1M1", HOUR + SECOND), ("1M2", HOUR + 60 * SECOND), ("2M1", 2 * HOUR + SECOND)],
        names=("R1", "Act Two"),
    )
    cues = list(project.cues)
    assert reel_headings(project, cues) == [
        (0, "Reel 1 · 01:00:00:00 · 2 cues"),
        (2, "Reel 2 · Act Two · 02:00:00:00 · 1 cue"),
    ]
    assert reel_headings(project, cues[::-1]) == [
        (0, "Reel 2 · Act Two · 02:00:00:00 · 1 cue"),
        (1, "Reel 1 · 01:00:00:00 · 2 cues"),
    ]
    assert reel_headings(project, []) == []
    one_reel = Project("One", RATE, HOUR, (Reel(1, "R1", HOUR),), project.cues[:2])
    assert reel_headings(one_reel, list(one_reel.cues)) == [], "one reel: no headings"


def test_a_cue_numbered_out_of_its_reel_breaks_the_run() -> None:
    from tui.screens.reels import reel_headings

    project = _two_reels(
        [("1M1", HOUR + SECOND), ("1M2", 2 * HOUR + 9 * SECOND), ("2M1", 2 * HOUR + SECOND)]
    )
    ordered = sorted(project.cues, key=lambda cue: cue.number)
    assert [first for first, _ in reel_headings(project, ordered)] == [0, 1], "1M2 is in reel 2"


async def test_the_list_heads_each_reel_and_the_cursor_passes_over_the_headings(
    demo_path: Path, app_for: Callable[..., object]
) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        table = app.screen.query_one(CueTable)  # type: ignore[attr-defined]
        lines = list_lines(app)
        assert lines[1].startswith("── Reel 1 · 01:00:00:00 · 5 cues ──")
        assert first_words(lines[2:7]) == ["1M1", "1M2", "1M2A", "1M3", "1M4"]
        assert lines[7].startswith("── Reel 2 · 02:00:00:00 · 3 cues ──")
        assert first_words(lines[8:11]) == ["2M1S", "2M2", "2M3"]
        await pilot.press("down", "down", "down", "down")
        assert table.selected_number == CueNumber.parse("1M4")
        await pilot.press("down")
        assert table.selected_number == CueNumber.parse("2M1S"), "over the heading"
        await pilot.press("up")
        assert table.selected_number == CueNumber.parse("1M4")
        assert await pilot.click(CueTable, offset=(3, 7)), "a click on reel 2's heading"
        await pilot.pause()
        assert table.selected_number == CueNumber.parse("1M4"), "selects nothing"
        assert await pilot.click(CueTable, offset=(3, 8))
        await pilot.pause()
        assert table.selected_number == CueNumber.parse("2M1S")


async def test_the_headings_follow_the_filter_and_the_sort(
    demo_path: Path, app_for: Callable[..., object]
) -> None:
    app = app_for(demo_path)
    async with app.run_test(size=SIZE) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        table = app.screen.query_one(CueTable)  # type: ignore[attr-defined]
        await pilot.press("slash", "2", "m")
        await pilot.pause()
        lines = list_lines(app)
        assert lines[1].startswith("── Reel 2 · 02:00:00:00 · 3 cues ──")
        assert not any(line.startswith("── Reel 1") for line in lines)
        await pilot.press("escape")
        await pilot.pause()
        assert await pilot.click(CueTable, offset=(3, 0)), "the heading Cue: number, down"
        await pilot.pause()
        lines = list_lines(app)
        assert lines[1].startswith("── Reel 2 ") and first_words(lines[2:3]) == ["2M3"]
        title_x = lines[0].index("Title")
        assert await pilot.click(CueTable, offset=(title_x, 0))
        await pilot.pause()
        lines = list_lines(app)
        assert not any(line.startswith("──") for line in lines), "by title: no reels"
        assert table.virtual_size.height == 1 + table.row_count


async def test_paging_over_reel_headings_lands_on_cues(
    big_path: Path, app_for: Callable[..., object]
) -> None:
    app = app_for(big_path)
    async with app.run_test(size=(120, 24)) as pilot:  # type: ignore[attr-defined]
        await pilot.pause()
        table = app.screen.query_one(CueTable)  # type: ignore[attr-defined]
        seen: list[CueNumber] = []
        pages = -(-PER_REEL // (table.size.height - 1)) + 2  # past reel 1's end
        for _ in range(pages):
            await pilot.press("pagedown")
            assert table.selected_number is not None
            seen.append(table.selected_number)
        assert seen == sorted(seen) and len(set(seen)) == len(seen), "always onward"
        assert seen[-1].reel == 2
        await pilot.press("end")
        assert table.selected_number == CueNumber(10, PER_REEL)
        await pilot.press("home")
        await pilot.pause()
        lines = list_lines(app)
        assert lines[1].startswith("── Reel 1 "), "the first reel's heading is in view again"
        await pilot.press("pagedown", "pagedown", "pageup", "pageup")
        assert table.selected_number == CueNumber(1, 1)
