"""The widget kit every workbook is built from, one small module per kind of part:

- `looks`: shared layouts and styles, the kit's CSS, `html`, `notice`, `prompt`, `Section`
  (an exercise card with a title and a purpose line), `button`, `ConfirmButton`;
- `inputs`: inputs with visible labels (`text_input`, `choice_input`, `date_input`,
  `RatingInput`, `CheckboxGroup`);
- `saving`: `RowForm` (widgets kept in step with one journal entry, saved as the person types),
  `SaveStatus`, and `try_write`, the one way a widget writes and reports a failed write;
- `cards`: `CardList` (long lists a page at a time) and `ListEditor` (a list with "add");
- `process_picker`: `ProcessPicker`, the process the person works on, shared by every page;
- `deferred`: `ChartPanel` (one chart spec, drawn when the browser shows it) and `Later`;
- `chart_view`: `ChartView`, one Plotly figure or a message;
- `events`: `listen`, journal changes heard for as long as a widget lives;
- `page`: `Page`, a workbook page whose cells can run again without leaving old widgets
  listening;
- `notices` and `downloads`: the notices at the top of every page, and files to download.

Workbook modules write `from nextround.ui import kit` and use the names below.
"""

from nextround.ui.kit.cards import CardList, ListEditor
from nextround.ui.kit.chart_view import ChartView
from nextround.ui.kit.deferred import (
                                     ChartPanel,
                                     ChartSection,
                                     Later,
                                     LaterCharts,
                                     later_charts,
)
from nextround.ui.kit.downloads import BackupDownload, PreparedDownload, ReportDownload
from nextround.ui.kit.events import close_all, listen, watch, when_closed
from nextround.ui.kit.inputs import (
                                     CheckboxGroup,
                                     RatingInput,
                                     choice_input,
                                     date_input,
                                     text_input,
)
from nextround.ui.kit.looks import (
                                     CSS,
                                     LABEL_WIDTH,
                                     ConfirmButton,
                                     HBox,
                                     Section,
                                     VBox,
                                     button,
                                     html,
                                     is_shared,
                                     label_style,
                                     layout,
                                     notice,
                                     prompt,
                                     shared,
                                     show,
                                     style,
                                     style_sheet,
)
from nextround.ui.kit.notices import journal_notices
from nextround.ui.kit.page import Page, chart_needs
from nextround.ui.kit.process_picker import ProcessPicker
from nextround.ui.kit.saving import (
                                     WRITE_ERRORS,
                                     Debouncer,
                                     RowForm,
                                     SaveStatus,
                                     save_error_message,
                                     save_with,
                                     try_write,
)

__all__ = [
    "BackupDownload", "CSS", "CardList", "ChartPanel", "ChartSection", "ChartView", "CheckboxGroup",
    "ConfirmButton", "Debouncer", "HBox", "LABEL_WIDTH", "Later", "LaterCharts", "ListEditor",
    "Page", "PreparedDownload", "ProcessPicker", "RatingInput", "ReportDownload", "RowForm",
    "SaveStatus", "Section", "VBox", "WRITE_ERRORS", "button", "chart_needs", "choice_input",
    "close_all",
    "date_input", "html", "is_shared", "journal_notices", "label_style", "later_charts", "layout",
    "listen", "notice", "watch", "when_closed", "prompt", "save_error_message", "save_with", "shared", "show", "style", "style_sheet",
    "text_input", "try_write",
]
