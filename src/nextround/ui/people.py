"""Widgets for the people you meet: pick a contact, link people to a stage, a contact's history.

Used by step 1 (a stage's interviewers), step 2 (the feedback composer) and the page Before
your next interview. The store rules live in `nextround.store.contacts`; every name is shown escaped.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from nextround.store import contacts as contact_store
from nextround.store.journal import Journal, Row
from nextround.safe_text import html_text
from nextround.ui import kit
from nextround.words import words



def _w() -> dict:
    return words()["next_interview"]["people"]


def contact_label(contact: Row) -> str:
    """Plain text for a list of choices: "Priya Shah · Hiring manager · Northwind Data"."""
    return " · ".join(p for p in (contact["name"], contact.get("kind"), contact.get("company")) if p)


def history_html(journal: Journal, contact: Row) -> str:
    item = contact_store.history(journal, contact["id"])
    line = contact_store.describe(item) if item else ""
    return f"<b>{html_text(contact['name'])}</b>: {html_text(line)}"


class ContactChoice(widgets.Dropdown):
    """Choose one of your contacts (or nobody yet); `value` is a contact id or None."""

    def __init__(self, journal: Journal, label: str):
        self.journal = journal
        super().__init__(description=label, style=kit.label_style(),
                         layout=kit.layout(width="min(100%, 34rem)"))
        self.refresh()

    def refresh(self) -> None:
        current = self.value
        options = [(_w()["someone_new"], None)] + [
            (contact_label(c), c["id"]) for c in contact_store.all_contacts(self.journal)]
        self.options = options
        self.value = current if current in [v for _, v in options] else None


class RequestContact(kit.VBox):
    """For the feedback composer: pick a contact to fill in who you are asking, and see how
    they answered before. `fill(contact)` is called with the picked contact's row."""

    def __init__(self, journal: Journal, fill: Callable[[Row], None]):
        self.journal = journal
        self._fill = fill
        self.choice = ContactChoice(journal, _w()["pick_label"])
        self.choice.observe(self._picked, "value")
        self.history = kit.html("", "nr-muted")
        self.choice.disabled = journal.read_only
        super().__init__([self.choice, self.history])
        self.add_class("nr-request-contact")

    def _picked(self, change) -> None:
        if change["new"] is None:
            return
        contact = self.journal.get("contacts", change["new"])
        if contact is not None:
            self._fill(contact)

    def show_history_for(self, name: str | None) -> None:
        """Show the history of the contact with this name, if there is one."""
        contact = contact_store.find(self.journal, name or "")
        self.history.value = history_html(self.journal, contact) if contact else ""

    def link(self, request: Row) -> None:
        """Link the request to its person (the one picked, or found or made by name)."""
        try:
            contact = contact_store.sync_request(self.journal, request)
        except kit.WRITE_ERRORS as exc:
            self.history.value = html_text(kit.save_error_message(exc))
            return
        self.choice.refresh()
        if contact is not None:
            self.history.value = history_html(self.journal, contact)


class StageContacts(kit.VBox):
    """The people met at one stage, each a contact: link someone (picked or typed), unlink."""

    def __init__(self, journal: Journal, stage: Row):
        self.journal = journal
        self.stage_id = stage["id"]
        self.process_id = stage["process_id"]
        self.linked = kit.html("")
        self.name = widgets.Combobox(description=_w()["stage_label"], placeholder=_w()["stage_placeholder"],
                                     ensure_option=False, style=kit.label_style(widgets.Text),
                                     layout=kit.layout(width="min(100%, 30rem)"))
        self.add_button = kit.button(_w()["link_button"])
        self.add_button.on_click(lambda _b: self.add())
        self.unlink = widgets.Dropdown(description=_w()["unlink_label"], style=kit.label_style(),
                                       layout=kit.layout(width="min(100%, 30rem)"))
        self.unlink_button = kit.button(_w()["unlink_button"])
        self.unlink_button.on_click(lambda _b: self.remove())
        self.status = kit.SaveStatus()
        for control in (self.name, self.add_button, self.unlink, self.unlink_button):
            control.disabled = journal.read_only
        self.unlink_row = kit.HBox([self.unlink, self.unlink_button])
        super().__init__([self.linked, kit.HBox([self.name, self.add_button, self.status]),
                          self.unlink_row])
        self.add_class("nr-stage-contacts")
        self.refresh()

    def people(self) -> list[Row]:
        links = self.journal.rows("contact_links", {"stage_id": self.stage_id})
        found = self.journal.rows_by_id("contacts", [l["contact_id"] for l in links])
        return sorted(found.values(), key=lambda c: (c["name_key"] or "", c["id"]))

    def refresh(self) -> None:
        people = self.people()
        if people:
            self.linked.value = "; ".join(history_html(self.journal, c) for c in people)
        else:
            self.linked.value = f'<span class="nr-muted">{html_text(_w()["stage_none"])}</span>'
        self.name.options = [c["name"] for c in contact_store.all_contacts(self.journal)]
        self.unlink.options = [(c["name"], c["id"]) for c in people]
        kit.show(self.unlink_row, bool(people))

    def add(self) -> None:
        typed = self.name.value
        if not contact_store.name_key(typed):
            self.status.error(_w()["needs_name"])
            return
        try:
            with self.journal.transaction():
                process = self.journal.get("processes", self.process_id)
                contact = contact_store.find_or_add(
                    self.journal, typed, company=process["company"] if process else None)
                contact_store.link(self.journal, contact["id"], process_id=self.process_id,
                                   stage_id=self.stage_id, role=contact.get("kind"))
        except kit.WRITE_ERRORS as exc:
            self.status.error(kit.save_error_message(exc))
            return
        self.name.value = ""
        self.status.saved()
        self.refresh()

    def remove(self) -> None:
        contact_id = self.unlink.value
        if contact_id is None:
            return
        try:
            with self.journal.transaction():
                for row in self.journal.rows("contact_links", {"stage_id": self.stage_id,
                                                               "contact_id": contact_id}):
                    self.journal.delete("contact_links", row["id"])
        except kit.WRITE_ERRORS as exc:
            self.status.error(kit.save_error_message(exc))
            return
        self.status.saved()
        self.refresh()


class ContactsList(kit.Section):
    """Everyone you met, each with their history: where, and how they answered."""

    def __init__(self, journal: Journal):
        self.journal = journal
        self.list = kit.html("")
        super().__init__("", "", [self.list])
        self.add_class("nr-exercise-contacts")
        kit.listen(self, journal, {"contacts", "contact_links", "feedback_requests", "processes"},
                   lambda _tables: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        people = contact_store.all_contacts(self.journal)
        if not people:
            self.list.value = f'<span class="nr-muted">{html_text(_w()["none_yet"])}</span>'
            return
        items = []
        for contact in people:
            kind = f' <span class="nr-muted">({html_text(contact["kind"])})</span>' if contact.get(
                "kind") else ""
            item = contact_store.history(self.journal, contact["id"])
            line = contact_store.describe(item) if item else ""
            items.append(f"<li><b>{html_text(contact['name'])}</b>{kind}: {html_text(line)}</li>")
        self.list.value = f'<ul class="nr-list nr-contacts">{"".join(items)}</ul>'
