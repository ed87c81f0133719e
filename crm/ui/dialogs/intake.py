"""File → Import document…: review what a document proposes, beside its text, and take it in.

Each proposal is a row: ticked to accept, its name editable, and "On file" a choice between
a new record and the records it may be (the match found, then others by name). Selecting a
row highlights its sentence in the document. "Take in" writes the ticked rows at once; each
record cites the document with its sentence.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from crm.domain.intake import RECORD_KIND_OF, IntakeResult, Proposal, ProposalKind, relabelled
from crm.domain.records import Ref
from crm.services.intake.commit import IntakeReport
from crm.services.workspace import Workspace
from crm.ui.dialogs.proposal_editor import FIELDS, ProposalEditor
from crm.ui.worker import Job, run_in_background

KIND_NAMES = {
    ProposalKind.ORGANIZATION: "Organization",
    ProposalKind.PERSON: "Person",
    ProposalKind.EVENT: "Event",
    ProposalKind.ATTENDANCE: "Taking part",
    ProposalKind.COMMITMENT: "Commitment",
}
NEW_RECORD = "New record"
COLUMNS = ("Take in", "Kind", "Proposal", "Details", "On file")
HIGHLIGHT = QColor(255, 236, 150)
PROPOSAL_WIDTH = 280


def details_of(proposal: Proposal) -> str:
    """A proposal's fields worth reading in one line."""
    fields = proposal.fields
    shown: list[str] = []
    for name in ("acronym", "job_title", "start_date", "city", "role", "status", "made_on"):
        value = fields.get(name)
        if value not in (None, "", []):
            shown.append(str(getattr(value, "value", value)))
    for name in ("emails", "phones"):
        shown.extend(str(v).split("\t")[-1] for v in fields.get(name, []))
    if fields.get("is_press"):
        shown.append("press contact")
    return " · ".join(shown)


class IntakeDialog(QDialog):
    """Review a document's proposals beside its text; take in the ones ticked."""

    taken_in = Signal(object)  # the IntakeReport

    def __init__(
        self, workspace: Workspace, result: IntakeResult, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._workspace = workspace
        self.intake = result
        self.editor: ProposalEditor | None = None  # the details form, while it is open
        self.proposals = list(result.proposals)
        self.choices: dict[str, list[Ref | None]] = {}
        self.job: Job | None = None
        document = result.document
        self.setWindowTitle(f"Import document — {document.title[:80]}")

        when = document.published_on.isoformat() if document.published_on else "undated"
        self.summary = QLabel(
            f"<b>{document.title}</b><br>{document.kind.value.replace('_', ' ')}, {when}"
            + (f", {document.publisher}" if document.publisher else "")
            + f" — {len(self.proposals)} proposals. Untick what is wrong, correct a name "
            "by double-clicking it, and choose the record on file where it is one."
        )
        self.summary.setWordWrap(True)
        self.table = QTableWidget(len(self.proposals), len(COLUMNS))
        self.table.setAccessibleName("Proposals")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for column in (0, 1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.text = QTextBrowser()
        self.text.setAccessibleName("Document text")
        self.text.setPlainText(document.text)
        self._fill()
        self.table.setColumnWidth(2, PROPOSAL_WIDTH)
        self.table.currentCellChanged.connect(lambda row, *_: self._on_row(row))
        self.table.itemChanged.connect(self._edited)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.text)
        splitter.setSizes([860, 460])
        self.details_button = QPushButton("Edit details…")
        self.details_button.setToolTip("Correct a title, an email, an event's day before taking in")
        self.details_button.clicked.connect(lambda: self.edit_details(self.table.currentRow()))
        self.table.cellDoubleClicked.connect(
            lambda row, column: self.edit_details(row) if column == 3 else None
        )
        self.untick_all = QPushButton("Untick all")
        self.untick_all.clicked.connect(lambda: self._tick_all(False))
        self.tick_all = QPushButton("Tick all")
        self.tick_all.clicked.connect(lambda: self._tick_all(True))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.take_in_button = self.buttons.addButton(
            "Take in", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.take_in_button.setAccessibleName("Take in")
        self.buttons.accepted.connect(self.take_in)
        self.buttons.rejected.connect(self.reject)
        self.status = QLabel()
        below = QHBoxLayout()
        below.addWidget(self.details_button)
        below.addWidget(self.tick_all)
        below.addWidget(self.untick_all)
        below.addWidget(self.status, 1)
        below.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(below)
        self.resize(1320, 760)
        self._count()
        if self.proposals:
            self.table.selectRow(0)
            self.show_quote(0)

    # -- the table -------------------------------------------------------------------------
    def _fill(self) -> None:
        self.table.blockSignals(True)
        for row, proposal in enumerate(self.proposals):
            tick = QTableWidgetItem()
            tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
            tick.setCheckState(Qt.CheckState.Checked)
            tick.setData(Qt.ItemDataRole.AccessibleTextRole, f"Take in {proposal.label}")
            self.table.setItem(row, 0, tick)
            self.table.setItem(row, 1, _read_only(KIND_NAMES[proposal.kind]))
            name = QTableWidgetItem(proposal.label)
            if proposal.kind is ProposalKind.ATTENDANCE:
                name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 2, name)
            self.table.setItem(row, 3, _read_only(details_of(proposal)))
            self._choice_box(row, proposal)
        self.table.blockSignals(False)

    def _choice_box(self, row: int, proposal: Proposal) -> None:
        kind = RECORD_KIND_OF.get(proposal.kind)
        if kind is None:
            self.table.setItem(row, 4, _read_only("follows its two ends"))
            return
        refs: list[Ref | None] = [None]
        if proposal.match is not None:
            refs.insert(0, proposal.match)
        for found in self.intake.suggestions.get(proposal.key, ()):
            if all(r is None or r.id != found.id for r in refs):
                refs.append(found)
        self.choices[proposal.key] = refs
        box = QComboBox()
        box.setAccessibleName(f"On file: {proposal.label}")
        for ref in refs:
            if ref is None:
                box.addItem(NEW_RECORD)
            elif ref is proposal.match:
                box.addItem(f"= {ref.label} ({proposal.match_reason})")
            else:
                box.addItem(f"{ref.label} (#{ref.id})")
        self.table.setCellWidget(row, 4, box)

    def _edited(self, item: QTableWidgetItem) -> None:
        row = item.row()
        if item.column() == 2 and item.text().strip():
            self.proposals[row] = relabelled(self.proposals[row], item.text().strip())
        self._count()

    def edit_details(self, row: int) -> ProposalEditor | None:
        """Open the selected proposal's details in a small form; OK keeps the corrections."""
        if not 0 <= row < len(self.proposals):
            return None
        proposal = self.proposals[row]
        if proposal.kind not in FIELDS:
            return None
        editor = ProposalEditor(proposal, self)

        def keep() -> None:
            corrected = editor.corrected()
            if corrected is None:
                return
            self.proposals[row] = corrected
            self.table.blockSignals(True)
            name = self.table.item(row, 2)
            details = self.table.item(row, 3)
            if name is not None:
                name.setText(corrected.label)
            if details is not None:
                details.setText(details_of(corrected))
            self.table.blockSignals(False)

        editor.accepted.connect(keep)
        self.editor = editor
        editor.open()
        return editor

    def _tick_all(self, ticked: bool) -> None:
        state = Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None:
                item.setCheckState(state)

    def accepted_keys(self) -> set[str]:
        """The keys of the ticked proposals."""
        return {
            proposal.key
            for row, proposal in enumerate(self.proposals)
            if (item := self.table.item(row, 0)) is not None
            and item.checkState() is Qt.CheckState.Checked
        }

    def links(self) -> dict[str, Ref | None]:
        """What each linkable proposal is on file: a record, or None for a new one."""
        chosen: dict[str, Ref | None] = {}
        for row, proposal in enumerate(self.proposals):
            box = self.table.cellWidget(row, 4)
            refs = self.choices.get(proposal.key)
            if isinstance(box, QComboBox) and refs:
                chosen[proposal.key] = refs[box.currentIndex()]
        return chosen

    def _count(self) -> None:
        ticked = len(self.accepted_keys())
        self.take_in_button.setText(f"Take in {ticked} record{'s' if ticked != 1 else ''}")
        self.take_in_button.setEnabled(ticked > 0 and not self._workspace.read_only)

    def _on_row(self, row: int) -> None:
        self.show_quote(row)
        kind = self.proposals[row].kind if 0 <= row < len(self.proposals) else None
        self.details_button.setEnabled(kind in FIELDS)

    # -- the document ----------------------------------------------------------------------
    def show_quote(self, row: int) -> None:
        """Highlight the sentence a proposal came from and bring it into view."""
        if not 0 <= row < len(self.proposals):
            return
        quote = self.proposals[row].quote
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(quote.start)
        cursor.setPosition(quote.end, QTextCursor.MoveMode.KeepAnchor)
        highlight = QTextEdit.ExtraSelection()
        highlight.cursor = cursor
        look = QTextCharFormat()
        look.setBackground(HIGHLIGHT)
        highlight.format = look
        self.text.setExtraSelections([highlight])
        view = QTextCursor(self.text.document())
        view.setPosition(quote.start)
        self.text.setTextCursor(view)
        self.text.ensureCursorVisible()

    # -- taking in -------------------------------------------------------------------------
    def take_in(self) -> None:
        """Write the ticked proposals in the background; say what was written."""
        accepted = self.accepted_keys()
        chosen = self.links()
        links = {key: ref for key, ref in chosen.items() if ref is not None}
        unlinked = {key for key, ref in chosen.items() if ref is None}
        # A proposal set to "New record" is created even if a match was found.
        proposals = tuple(
            replace(p, match=None, match_reason=None) if p.key in unlinked else p
            for p in self.proposals
        )
        result = IntakeResult(self.intake.document, proposals)
        self.take_in_button.setEnabled(False)
        self.status.setText("Taking the document in…")
        self.job = run_in_background(
            lambda: self._workspace.commit_intake(result, accepted, links),
            self._done,
            self._refused,
            writes=True,
        )

    def _done(self, report: IntakeReport) -> None:
        self.status.setText(f"Taken in: {report.summary()}.")
        self.taken_in.emit(report)
        self.accept()

    def _refused(self, message: str) -> None:
        self.status.setText("Nothing was written.")
        self._count()
        QMessageBox.warning(self, "The document was not taken in", message)


def _read_only(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item
