"""Light and dark palettes; by default the system's choice is followed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")


def _dark_palette() -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    colors = {
        roles.Window: "#2b2d30",
        roles.WindowText: "#e6e6e6",
        roles.Base: "#1e1f22",
        roles.AlternateBase: "#26282b",
        roles.ToolTipBase: "#3c3f41",
        roles.ToolTipText: "#e6e6e6",
        roles.Text: "#e6e6e6",
        roles.Button: "#3c3f41",
        roles.ButtonText: "#e6e6e6",
        roles.BrightText: "#ff6b6b",
        roles.Link: "#78a9ff",
        roles.LinkVisited: "#b39ddb",
        roles.Highlight: "#2f65ca",
        roles.HighlightedText: "#ffffff",
        roles.Mid: "#8a8d91",
        roles.PlaceholderText: "#8a8d91",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.Text, roles.ButtonText, roles.WindowText):
        palette.setColor(disabled, role, QColor("#7a7d81"))
    return palette


def system_prefers_dark() -> bool:
    """Tell whether the desktop asks applications for dark colours."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, theme: str = "system") -> bool:
    """Use the Fusion style with a light or dark palette; return whether it is dark."""
    app.setStyle("Fusion")
    dark = theme == "dark" or (theme == "system" and system_prefers_dark())
    app.setPalette(_dark_palette() if dark else app.style().standardPalette())
    return dark
