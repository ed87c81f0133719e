"""The paged table model, built from plain rows with no window and no database."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from crm.domain.records import Page, Sort
from crm.ui.columns import ColumnSpec
from crm.ui.table_model import BLOCK, PagedTableModel


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
    rows = [Row(i, f"Name {i}") for i in range(count)]

    def fetch(offset: int, limit: int) -> Page[Row]:
        calls.append((offset, limit))
        return Page(tuple(rows[offset : offset + limit]), count)

    return PagedTableModel(COLUMNS, fetch)


def test_the_model_passes_qt_model_tester(qtmodeltester: ModelTester) -> None:
    """Row counts, inserts and indexes follow Qt's rules while paging in.

    The tester is attached after the first reset: both Qt's testers fetch more from their
    own modelReset handler before clearing their reset flag, which any fetch-on-demand model
    (QSqlQueryModel too) would trip. Resets are checked on a model with nothing more to fetch.
    """
    model = _source(BLOCK * 2 + 17, [])
    model.reload()
    qtmodeltester.check(model)
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == BLOCK * 2 + 17
    qtmodeltester.check(model)


def test_resets_pass_qt_model_tester(qtmodeltester: ModelTester) -> None:
    """A new search or sort resets the model cleanly."""
    model = _source(BLOCK - 1, [])
    qtmodeltester.check(model)
    model.reload()
    model.reload()
    assert model.rowCount() == BLOCK - 1


def test_only_one_block_is_fetched_until_the_view_asks(qtmodeltester: ModelTester) -> None:
    """Opening a million-row table reads 200 rows, not a million."""
    calls: list[tuple[int, int]] = []
    model = _source(1_000_000, calls)
    model.reload()
    assert calls == [(0, BLOCK)]
    assert model.rowCount() == BLOCK and model.total == 1_000_000
    model.fetchMore()
    assert calls[-1] == (BLOCK, BLOCK) and model.rowCount() == 2 * BLOCK
    assert model.rowCount(model.index(0, 0)) == 0, "a flat table has no children"


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
    model = PagedTableModel(COLUMNS, lambda o, n: Page((Row(1, "יוסף כהן"), Row(2, "Ana")), 2))
    model.reload()
    hebrew = model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole)
    latin = model.data(model.index(1, 0), Qt.ItemDataRole.TextAlignmentRole)
    assert hebrew & int(Qt.AlignmentFlag.AlignRight)
    assert latin & int(Qt.AlignmentFlag.AlignLeft)
    assert model.data(QModelIndex()) is None
