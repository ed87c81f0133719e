"""The paged table model, built from plain rows with no window and no database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from crm.domain.records import Page, Sort
from crm.ui.columns import ColumnSpec
from crm.ui.list_order import Ranks
from crm.ui.table_model import BLOCK, KEPT_BLOCKS, PagedTableModel


@dataclass(frozen=True)
class Row:
    """A stand-in record row."""

    id: int
    name: str


COLUMNS = (
    ColumnSpec("name", "Name", lambda r: r.name, "name"),
    ColumnSpec("id", "Number", lambda r: r.id),
)


def _source(count: int, calls: list[tuple[int, int]]) -> PagedTableModel:
    def fetch(offset: int, limit: int, known_total: int | None, after_id: int | None) -> Page[Row]:
        calls.append((offset, limit))
        rows = tuple(Row(i, f"Name {i}") for i in range(offset, min(count, offset + limit)))
        return Page(rows, count if known_total is None else None)

    return PagedTableModel(COLUMNS, fetch)


def test_the_model_passes_qt_model_tester(qtmodeltester: ModelTester) -> None:
    """Row counts, indexes and data follow Qt's rules while blocks are fetched on demand."""
    model = _source(BLOCK * 2 + 17, [])
    model.reload()
    qtmodeltester.check(model)
    assert model.rowCount() == BLOCK * 2 + 17
    assert model.data(model.index(BLOCK * 2 + 16, 0)) == f"Name {BLOCK * 2 + 16}"


def test_resets_pass_qt_model_tester(qtmodeltester: ModelTester) -> None:
    """A new search or sort resets the model cleanly."""
    model = _source(BLOCK - 1, [])
    qtmodeltester.check(model)
    model.reload()
    model.reload()
    assert model.rowCount() == BLOCK - 1


def test_only_the_blocks_shown_are_fetched() -> None:
    """Opening a million-row table reads 200 rows; a jump to the end reads one more block."""
    calls: list[tuple[int, int]] = []
    model = _source(1_000_000, calls)
    model.reload()
    assert calls == [(0, BLOCK)]
    assert model.rowCount() == 1_000_000 and model.total == 1_000_000
    assert model.data(model.index(999_999, 0)) == "Name 999999"
    assert calls[-1] == ((999_999 // BLOCK) * BLOCK, BLOCK) and len(calls) == 2
    assert model.data(model.index(999_998, 0)) == "Name 999998"
    assert len(calls) == 2, "a block already fetched is not fetched again"
    assert model.rowCount(model.index(0, 0)) == 0, "a flat table has no children"


def test_memory_stays_flat_when_scrolled_end_to_end() -> None:
    """Only the most recently shown blocks are kept, however far the user scrolls."""
    calls: list[tuple[int, int]] = []
    model = _source(1_000_000, calls)
    model.reload()
    for row in range(0, 1_000_000, 997):
        model.data(model.index(row, 0))
    assert model.kept_rows() <= KEPT_BLOCKS * BLOCK
    first_again = len(calls)
    model.data(model.index(0, 0))
    assert len(calls) == first_again + 1, "a block dropped long ago is fetched again"


def test_a_record_is_found_among_the_kept_blocks() -> None:
    """The table finds the row of a record it has fetched, wherever it is."""
    model = _source(10_000, [])
    model.reload()
    model.data(model.index(7_321, 0))
    assert model.row_of_id(7_321) == 7_321
    assert model.row_of_id(5_000) is None


def test_sorting_asks_for_a_new_query_instead_of_sorting_in_memory() -> None:
    """A click on a sortable header asks for the rows again, in that order."""
    model = _source(10, [])
    asked: list[Sort | None] = []
    model.sort_changed.connect(asked.append)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    model.sort(1)  # not sortable: nothing asked
    assert asked == [Sort("name", True)]


def test_right_to_left_text_is_aligned_right() -> None:
    """Arabic and Hebrew names sit at the right edge of their cells."""
    model = PagedTableModel(
        COLUMNS, lambda o, n, t, a: Page((Row(1, "יוסף כהן"), Row(2, "Ana")), 2)
    )
    model.reload()
    hebrew = model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole)
    latin = model.data(model.index(1, 0), Qt.ItemDataRole.TextAlignmentRole)
    assert hebrew & int(Qt.AlignmentFlag.AlignRight)
    assert latin & int(Qt.AlignmentFlag.AlignLeft)
    assert model.data(QModelIndex()) is None


def _by_id(asked: list[int]) -> Callable[[Sequence[int]], list[Row]]:
    def rows_by_id(ids: Sequence[int]) -> list[Row]:
        asked.extend(ids)
        return [Row(i, f"Name {i}") for i in ids if i % 1000 != 999]  # every 1000th is gone

    return rows_by_id


def test_with_the_whole_order_a_jump_reads_rows_by_id() -> None:
    """Given every id in order, a deep block is the rows of its ids, not a page walk."""
    calls: list[tuple[int, int]] = []
    asked: list[int] = []
    model = _source(1_000_000, calls)
    model.reload()
    assert model.use_order(model.generation, range(1_000_000), _by_id(asked))
    assert model.has_order()
    assert model.data(model.index(612_345, 0)) == "Name 612345"
    assert calls == [(0, BLOCK)], "no page was walked to"
    assert asked == list(range(612_300, 612_300 + BLOCK))


def test_a_row_deleted_since_the_order_was_read_leaves_a_gap_not_a_shift() -> None:
    """Rows below a vanished record stay on their own numbers."""
    model = _source(5_000, [])
    model.reload()
    model.use_order(model.generation, range(5_000), _by_id([]))
    assert model.data(model.index(999, 0)) is None
    assert model.data(model.index(1_000, 0)) == "Name 1000"
    assert model.row_of_id(1_000) == 1_000


def test_an_order_read_for_an_older_list_is_refused() -> None:
    """A keystroke or sort after the order was asked for makes that order useless."""
    model = _source(5_000, [])
    model.reload()
    asked_in = model.generation
    model.reload()
    assert not model.use_order(asked_in, range(5_000), _by_id([]))
    assert not model.use_order(model.generation, range(4_999), _by_id([])), "count changed"
    assert not model.has_order()
    assert model.use_order(model.generation, range(5_000), _by_id([]))
    model.reload()
    assert not model.has_order(), "a new query forgets the old order"


def test_where_each_record_stands_puts_matches_in_the_list_order() -> None:
    """Ids found in any order come back in the list's; a newer id, or sparse ids, none."""
    order = [5, 3, 9, 1, 7]
    ranks = Ranks.of(None, order)
    assert ranks is not None
    assert ranks.ordered([1, 9, 5]) == [5, 9, 1]
    assert ranks.ordered([]) == []
    assert ranks.ordered([2]) is None, "an id the order does not hold"
    assert ranks.ordered([11]) is None, "an id newer than the order"
    assert Ranks.of(None, [1, 50_000_000]) is None, "a table up to the highest id: too big"
