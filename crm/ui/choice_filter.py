"""A filter's drop-down whose choices are read only when the user first reaches for it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QFocusEvent, QWheelEvent
from PySide6.QtWidgets import QComboBox


class LazyChoiceBox(QComboBox):
    """A combo box that asks for its choices on first focus, wheel or pop-up.

    At a million contacts the window has a dozen filters, some listing thousands of
    organizations; reading them all at start-up cost 180 ms before the first row showed.
    """

    def __init__(self, fill: Callable[[], None], parent: Any = None) -> None:
        super().__init__(parent)
        self._fill = fill
        self._filled = False

    def ensure_filled(self) -> None:
        """Read the choices now, if they have not been read yet."""
        if not self._filled:
            self.refill()

    def refill(self) -> None:
        """Read the choices again (new tags, new events)."""
        self._filled = True
        self._fill()

    def showPopup(self) -> None:  # noqa: N802
        """Fill, then open the list."""
        self.ensure_filled()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        """Fill when reached by keyboard, so arrow keys step through real choices."""
        self.ensure_filled()
        super().focusInEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        """Fill before the wheel steps through the choices."""
        self.ensure_filled()
        super().wheelEvent(event)
