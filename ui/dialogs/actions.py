"""Small forms for competition actions: announcing (the publication in the media) and cancelling."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDateEdit, QLineEdit, QPlainTextEdit, QWidget

from osgo_desktop.clock import Clock
from osgo_desktop.domain import competition
from osgo_desktop.i18n import _
from ui.widgets.forms import BilingualRow, FormDialog, date_edit, line_edit
from ui.widgets.screen import fit_to_screen


class AnnounceDialog(FormDialog):
    """Returns ``(publication_date, media_outlet, media_outlet_ru)``: the outlet named in Kyrgyz and in Russian."""

    def __init__(self, number: str, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.today = clock.today()
        self.date: QDateEdit = date_edit(self.today)
        self.outlet: QLineEdit = line_edit(max_length=competition.MAX_TEXT)
        self.outlet_ru: QLineEdit = line_edit(max_length=competition.MAX_TEXT)
        self.outlet_row = BilingualRow(self.outlet, self.outlet_ru)
        self.add_field("publication_date", self.date, lambda: _("Published in the media on"))
        self.add_field("media_outlet", self.outlet_row, lambda: _("Media outlet"))
        self.retranslate()
        fit_to_screen(self, 640)
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Announce competition {number}").format(number=self.number))
        self.outlet_row.set_placeholder(_("Newspaper, news agency or website"))

    def value(self) -> tuple[dt.date, str, str]:
        date: dt.date = self.date.date().toPython()  # type: ignore[assignment]
        return date, self.outlet.text(), self.outlet_ru.text()

    def validate_value(self, value: tuple[dt.date, str, str]) -> dict[str, str]:
        return competition.validate_announcement(value[0], value[1], self.today, value[2])


class CancelDialog(FormDialog):
    """Returns the reason for the cancellation."""

    def __init__(self, number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = number
        self.reason = QPlainTextEdit()
        self.reason.setFixedHeight(90)
        self.add_field("reason", self.reason, lambda: _("Reason"))
        self.retranslate()
        self.revalidate()

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Cancel competition {number}").format(number=self.number))

    def value(self) -> str:
        return self.reason.toPlainText()

    def validate_value(self, value: str) -> dict[str, str]:
        return competition.validate_cancellation(value)
