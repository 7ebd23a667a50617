"""The plan: research, practice, what to address, and questions to ask them."""

from __future__ import annotations


import ipywidgets as widgets

from nextround.store import practice as practice_store
from nextround.store import questions as question_store
from nextround.store import upcoming as store
from nextround.errors import JournalError
from nextround.safe_text import html_attr, html_text
from nextround.ui import kit
from nextround.words import say, words
from nextround.ui.next_interview.state import _PlanPart, _w
from nextround.store.upcoming import planning
from nextround.store.upcoming import times


# ------------------------------------------------------------------------------ research
class Research(_PlanPart):
    css_name = "research"

    def signature(self, plan: planning.Plan) -> object:
        return (tuple(plan.areas), plan.audits, plan.upcoming["company"], plan.upcoming["role"])

    def build(self, plan: planning.Plan) -> list[widgets.Widget]:
        w = _w()
        levels = words()["preparation"]["levels"]
        intro = w["research_intro_history"].format(audits=plan.audits) if plan.audits else w[
            "research_intro_none"]
        rows: list[widgets.Widget] = [kit.html(html_text(intro), "nr-muted")]
        self.boxes: dict[str, widgets.Checkbox] = {}
        for area in plan.areas:
            box = widgets.Checkbox(value=area.ticked, description=area.task, indent=False,
                                   layout=kit.layout(width="100%"))
            box.disabled = self.journal.read_only
            box.observe(lambda change, field=area.field: self._ticked(field, change["new"]), "value")
            self.boxes[area.field] = box
            if area.average is None:
                usual = w["area_never"]
            else:
                usual = w["area_usual"].format(level=levels[min(round(area.average), len(levels) - 1)],
                                               average=f"{area.average:.1f}")
            weak = f' <span class="nr-plan-weak">{html_text(w["weak_spot"])}</span>' if area.weak else ""
            rows.append(kit.VBox([box, kit.html(
                f'<span class="nr-muted">{html_text(area.label)} · {html_text(usual)}</span>{weak}')],
                _dom_classes=("nr-plan-item",)))
        self.status = kit.SaveStatus()
        rows.append(self.status)
        return rows

    def _ticked(self, field: str, done: bool) -> None:
        upcoming = self.journal.get("upcoming_interviews", self.state.upcoming["id"])
        try:
            if upcoming is None:
                raise JournalError(words()["next_interview"]["gone"])
            store.tick(self.journal, upcoming, field, done)
        except kit.WRITE_ERRORS as exc:
            self.status.error(kit.save_error_message(exc))


# ------------------------------------------------------------------------------ practice
class Practice(_PlanPart):
    css_name = "interview-practice"

    def signature(self, plan: planning.Plan) -> object:
        return (tuple((i.question_id, i.text, i.planned_on, i.brought_in, round(i.recall * 100))
                      for i in plan.practice), plan.not_due)

    def build(self, plan: planning.Plan) -> list[widgets.Widget]:
        w = _w()
        if not plan.practice:
            text = w["practice_none_due"] if practice_store.deck_size(self.journal) else w[
                "practice_empty_deck"]
            return [kit.html(html_text(text), "nr-muted")]
        rows: list[widgets.Widget] = [kit.html(html_text(w["practice_intro"]), "nr-muted")]
        for item in plan.practice:
            rows.append(PracticeCard(self, item))
        if plan.not_due:
            key = "practice_not_due_one" if plan.not_due == 1 else "practice_not_due_many"
            rows.append(kit.html(html_text(w[key].format(n=plan.not_due)), "nr-muted"))
        return rows


class PracticeCard(kit.VBox):
    """One question: recall it, reveal the better answer, say how it went."""

    def __init__(self, part: Practice, item: planning.PracticeItem):
        w = _w()
        self.part = part
        self.item = item
        planned = times.long_date(item.planned_on)
        note = w["planned_brought_in" if item.brought_in else "planned_on"].format(date=planned)
        recall = w["recall"].format(percent=round(item.recall * 100))
        self.reveal = kit.button(w["reveal_button"])
        self.reveal.on_click(lambda _b: self.show_answer())
        self.answer = kit.html("")
        ratings = words()["learning"]["practice_rating_buttons"]
        self.rate_buttons = []
        for rating, label in zip(practice_store.RATINGS, ratings):
            button = kit.button(label)
            button.on_click(lambda _b, r=rating: self.rate(r))
            button.disabled = part.journal.read_only
            self.rate_buttons.append(button)
        self.rate_row = kit.HBox(self.rate_buttons)
        kit.show(self.rate_row, False)
        self.status = kit.SaveStatus()
        super().__init__([
            kit.html(html_text(item.text), "nr-card-title"),
            kit.html(f"{html_text(note)} · {html_text(recall)}", "nr-muted"),
            kit.html(html_text(words()["learning"]["recall_prompt"]), "nr-muted"),
            self.reveal, self.answer, self.rate_row, self.status])
        self.add_class("nr-card")
        self.add_class("nr-practice-item")

    def show_answer(self) -> None:
        answer = question_store.latest_answer(self.part.journal, self.item.question_id)
        parts = []
        for field, label, _hint in words()["learning"]["star_parts"]:
            text = (answer or {}).get(field) or ""
            if text.strip():
                parts.append(f"<p><b>{html_text(label)}</b>: {html_text(text)}</p>")
        self.answer.value = "".join(parts) or html_text(_w()["no_answer"])
        kit.show(self.reveal, False)
        kit.show(self.rate_row, True)

    def rate(self, rating: int) -> None:
        try:
            practice_store.review(self.part.journal, self.item.question_id, rating,
                                  self.part.state.clock())
        except kit.WRITE_ERRORS as exc:
            self.status.error(kit.save_error_message(exc))


# ------------------------------------------------------------------------------- address
class Address(_PlanPart):
    css_name = "address"

    def signature(self, plan: planning.Plan) -> object:
        return tuple(plan.themes)

    def build(self, plan: planning.Plan) -> list[widgets.Widget]:
        w = _w()
        if not plan.themes:
            return [kit.html(html_text(w["themes_none"]), "nr-muted")]
        items = []
        from nextround.store.contacts import and_list

        for theme in plan.themes:
            where = w["theme_named"].format(count=theme.count, companies=and_list(list(theme.companies)))
            lines = [f"<b>{html_text(theme.name)}</b>: {html_text(where)}"]
            if theme.takeaways:
                lines.append(html_text(w["theme_takeaways"]) + '<ul class="nr-list">' + "".join(
                    f"<li>{html_text(t)}</li>" for t in theme.takeaways) + "</ul>")
            if theme.goals:
                lines.append(html_text(w["theme_goals"]) + '<ul class="nr-list">' + "".join(
                    f"<li>{html_text(g)}</li>" for g in theme.goals) + "</ul>")
            else:
                lines.append(f'<span class="nr-muted">{html_text(w["theme_no_goal"])}</span> '
                             f'<a href="{html_attr(say("steps.learning.workbook"))}">'
                             f'{html_text(w["theme_goal_link"])}</a>')
            items.append("<li>" + "<br>".join(lines) + "</li>")
        return [kit.html(html_text(w["themes_intro"]), "nr-muted"),
                kit.html(f'<ul class="nr-list nr-plan-list">{"".join(items)}</ul>')]


# ----------------------------------------------------------------------------------- fit
class Fit(_PlanPart):
    css_name = "fit-questions"

    def signature(self, plan: planning.Plan) -> object:
        from nextround.store.contacts import describe

        return (tuple(plan.asks), tuple((h.contact["name"], describe(h)) for h in plan.met_before),
                tuple((p["id"], p["company"], p["role"], p["applied_on"]) for p in plan.been_before))

    def build(self, plan: planning.Plan) -> list[widgets.Widget]:
        w = _w()
        from nextround.store.contacts import and_list, describe

        parts: list[widgets.Widget] = []
        met = []
        for item in plan.met_before:
            sentence = w["met_before"].format(name=item.contact["name"],
                                              companies=and_list(item.companies))
            detail = describe(item)
            met.append(f"<li>{html_text(sentence)} <span class=\"nr-muted\">{html_text(detail)}</span></li>")
        for process in plan.been_before:
            sentence = w["been_before"].format(company=process["company"] or "",
                                               role=process["role"] or w["role_if_blank"],
                                               date=process["applied_on"] or "")
            met.append(f"<li>{html_text(sentence)} "
                       f'<a href="{html_attr(say("steps.review.workbook"))}">'
                       f"{html_text(w['been_before_link'])}</a></li>")
        if met:
            parts.append(kit.notice(f'<ul class="nr-list nr-met-before">{"".join(met)}</ul>'))
        if not plan.asks:
            parts.append(kit.html(html_text(w["asks_none"])
                                  + f' <a href="{html_attr(say("steps.fit.workbook"))}">'
                                  + html_text(w["asks_link"]) + "</a>", "nr-muted"))
            return parts
        items = "".join(f"<li>{html_text(a.question)}<br><span class=\"nr-muted\">"
                        f"{html_text(a.because)}</span></li>" for a in plan.asks)
        parts.append(kit.html(f'<ol class="nr-list nr-plan-list nr-asks">{items}</ol>'))
        return parts
