"""The workbooks' widgets. In a kernel, a journal that cannot be opened is shown in our words."""

from nextround.ui.kit import frame as _frame

_frame.install()
