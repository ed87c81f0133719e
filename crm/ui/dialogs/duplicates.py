"""Edit → Find duplicates: likely pairs on the left, the two records side by side, merge.

The search runs on a worker (a million contacts take seconds). Merging goes through the
window's undo stack, so Ctrl+Z gives both records back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from crm.domain.enums import RecordKind
from crm.domain.records import Ref
from crm.services.duplicates import DuplicatePair
from crm.services.workspace import Workspace
from crm.ui.detail_pane import DetailPane
from crm.ui.worker import Job, run_in_background

# Merges survivor ← absorbed at the versions shown; returns whether it was done.
Merge = Callable[[RecordKind, Ref, Ref, tuple[int | None, int | None]], bool]
KINDS = {"People": RecordKind.CONTACTS, "Organizations": RecordKind.ORGANIZATIONS}


class DuplicatesDialog(QDialog):
    """Find likely duplicates, compare each pair, and keep one of the two."""

    def __init__(self, workspace: Workspace, merge: Merge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find duplicates")
        self._workspace = workspace
        self._merge = merge
        self.job: Job | None = None
        self.pairs: list[DuplicatePair] = []
        self._versions: tuple[int | None, int | None] = (None, None)

        self.kind_box = QComboBox()
        self.kind_box.addItems(list(KINDS))
        self.kind_box.setAccessibleName("Records to check")
        self.kind_box.currentIndexChanged.connect(lambda _i: self.look())
        self.status = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("Check"))
        top.addWidget(self.kind_box)
        top.addWidget(self.status, 1)

        self.pair_list = QListWidget()
        self.pair_list.setAccessibleName("Likely duplicates")
        self.pair_list.setAlternatingRowColors(True)
        self.pair_list.setSpacing(2)
        self.pair_list.currentRowChanged.connect(self._show_pair)
        self.panes = (DetailPane(workspace), DetailPane(workspace))
        self.keep_buttons = (QPushButton("Keep this one"), QPushButton("Keep this one"))
        names = (("left", "right"), ("right", "left"))
        for button, (name, other) in zip(self.keep_buttons, names, strict=True):
            button.setAccessibleName(f"Keep the {name} one")
            button.setToolTip(f"Merge the record on the {other} into this one")
        comparison = QWidget()
        grid = QGridLayout(comparison)
        grid.setContentsMargins(0, 0, 0, 0)
        for side, (pane, button) in enumerate(zip(self.panes, self.keep_buttons, strict=True)):
            grid.addWidget(pane, 0, side)
            grid.addWidget(button, 1, side)
            button.clicked.connect(lambda _c=False, s=side: self.keep(s))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.pair_list)
        splitter.addWidget(comparison)
        splitter.setSizes([300, 800])

        self.explanation = QLabel(
            "Keeping one moves every email, phone, affiliation, event, commitment, source, "
            "tag and list place of the other to it; its empty fields take the other's "
            "values, and do-not-contact on either holds. Edit → Undo gives both back."
        )
        self.explanation.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.explanation)
        layout.addWidget(buttons)
        self.resize(1100, 680)
        self._enable_keeping(False)

    @property
    def kind(self) -> RecordKind:
        """The kind of record being checked."""
        return KINDS[self.kind_box.currentText()]

    def look(self) -> None:
        """Look for likely pairs in the background."""
        kind = self.kind
        self.status.setText(f"Looking for duplicate {kind.value}…")
        self.pair_list.clear()
        self._enable_keeping(False)
        for pane in self.panes:
            pane.show_nothing("")
        self.job = run_in_background(
            lambda: self._workspace.duplicates(kind),
            lambda pairs: self._found(kind, pairs),
            lambda message: self.status.setText(f"Could not look for duplicates: {message}"),
        )

    def _found(self, kind: RecordKind, pairs: list[DuplicatePair]) -> None:
        if kind is not self.kind:
            return  # the user chose the other kind meanwhile; its own search will answer
        self.pairs = list(pairs)
        self._fill()

    def _fill(self) -> None:
        self.pair_list.clear()
        for pair in self.pairs:
            item = QListWidgetItem(
                f"{pair.first.label}  ⇄  {pair.second.label}\n{'; '.join(pair.reasons)}"
            )
            item.setToolTip(f"How sure: {pair.score} of 100")
            self.pair_list.addItem(item)
        count = len(self.pairs)
        self.status.setText(
            f"{count} likely pair{'s' if count != 1 else ''}, the surest first."
            if count
            else f"No likely duplicate {self.kind.value} found."
        )
        if count:
            self.pair_list.setCurrentRow(0)
        else:
            for pane in self.panes:
                pane.show_nothing("Nothing to compare.")
            self._enable_keeping(False)

    def _show_pair(self, row: int) -> None:
        if not 0 <= row < len(self.pairs):
            return
        pair = self.pairs[row]
        for pane, ref in zip(self.panes, (pair.first, pair.second), strict=True):
            pane.show_record(self.kind, ref.id)
        # The versions shown side by side: a merge refuses a record changed since.
        self._versions = (self.panes[0].shown_version, self.panes[1].shown_version)
        self._enable_keeping(all(pane.shown is not None for pane in self.panes))

    def _enable_keeping(self, enabled: bool) -> None:
        for button in self.keep_buttons:
            button.setEnabled(enabled and not self._workspace.read_only)

    def keep(self, side: int) -> None:
        """Keep the record on ``side`` (0 left, 1 right) and merge the other into it."""
        row = self.pair_list.currentRow()
        if not 0 <= row < len(self.pairs):
            return
        pair = self.pairs[row]
        refs = (pair.first, pair.second)
        survivor, absorbed = refs[side], refs[1 - side]
        versions = (self._versions[side], self._versions[1 - side])
        if not self._merge(self.kind, survivor, absorbed, versions):
            self._show_pair(row)  # it changed or went: show it as it is now
            return
        self.pairs = [p for p in self.pairs if absorbed.id not in (p.first.id, p.second.id)]
        self._fill()
        self.status.setText(f"Merged {absorbed.label} into {survivor.label}. " + self.status.text())
