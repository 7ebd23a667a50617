"""The coach's view: the group's funnel and where processes stop, preparation profile, feedback
themes, perception gap, reasons by control, and practice and goals.

Each is drawn from `context.cohort` (an `analysis.cohort.Cohort`) by the steps' own figures
wherever a step draws the same thing. Nothing is drawn for fewer than
`rules.cohort.minimum_group()` people, for the whole group or for this chart; the words then
say how many more are needed.
"""

from __future__ import annotations

from nextround.rules.cohort import enough, minimum_group, more_needed, people_text
from nextround.specs.registry import COHORT, Context, Drawing, chart
from nextround.words import say, words


def _w(name: str) -> dict:
    return words()["charts"][COHORT][name]


def _too_few(context: Context, name: str, people: int | None = None) -> Drawing | None:
    """The words instead of a chart while too few people are behind it (None: draw it)."""
    cohort = context.cohort
    everyone = cohort.people if cohort is not None else 0
    if not enough(everyone):
        return Drawing(None, say("cohort.too_few_people", people=people_text(everyone),
                                 minimum=minimum_group(), more=more_needed(everyone)))
    if people is not None and not enough(people):
        return Drawing(None, _w(name)["too_few"].format(
            people=people_text(people), minimum=minimum_group(), more=more_needed(people)))
    return None


def _only_other(categories) -> bool:
    """Nothing but "other" (or nothing at all): no category of its own to talk about."""
    from nextround.analysis.cohort import other_label

    return bool((categories != other_label()).sum() == 0)


@chart(COHORT, "funnel", tables=(), on_progress=False)
def funnel(context: Context) -> Drawing:
    from nextround.analysis import cohort as analysis
    from nextround.charts.review import funnel_chart

    if (held := _too_few(context, "funnel")) is not None:
        return held
    shown = analysis.funnel(context.cohort)
    if (held := _too_few(context, "funnel", shown.people)) is not None:
        return held
    if shown.data.empty:
        return Drawing(None, _w("funnel")["too_far"].format(minimum=minimum_group()))
    total = int(analysis.processes(context.cohort)["processes"].sum())
    return Drawing(funnel_chart(shown.data), analysis.funnel_reading(shown, total))


@chart(COHORT, "stops", tables=(), on_progress=False)
def stops(context: Context) -> Drawing:
    from nextround.analysis import cohort as analysis
    from nextround.charts.cohort import stops_chart

    if (held := _too_few(context, "stops")) is not None:
        return held
    shown, outcomes = analysis.stops(context.cohort)
    if (held := _too_few(context, "stops", shown.people)) is not None:
        return held
    if _only_other(shown.data["step"]):
        return Drawing(None, _w("stops")["spread"].format(minimum=minimum_group()))
    return Drawing(stops_chart(shown.data, _w("stops")["axis"], words()["cohort"]["people"]),
                   analysis.stops_reading(shown, outcomes))


@chart(COHORT, "preparation", tables=(), on_progress=False)
def preparation(context: Context) -> Drawing:
    from nextround.analysis import cohort as analysis
    from nextround.charts.review import preparation_radar

    if (held := _too_few(context, "preparation")) is not None:
        return held
    shown = analysis.preparation(context.cohort)
    if (held := _too_few(context, "preparation", shown.people)) is not None:
        return held
    if len(shown.data) < 3:  # a radar needs three areas to have a shape
        return Drawing(None, _w("preparation")["spread"].format(minimum=minimum_group()))
    return Drawing(preparation_radar(shown.data, this_name=_w("preparation")["trace"]),
                   analysis.preparation_reading(shown))


@chart(COHORT, "themes", tables=(), on_progress=False)
def feedback_themes(context: Context) -> Drawing:
    from nextround.analysis import cohort as analysis
    from nextround.charts.feedback import themes_chart

    if (held := _too_few(context, "themes")) is not None:
        return held
    shown = analysis.feedback_themes(context.cohort)
    if (held := _too_few(context, "themes", shown.people)) is not None:
        return held
    if _only_other(shown.data["theme"]):
        return Drawing(None, _w("themes")["spread"].format(minimum=minimum_group()))
    return Drawing(themes_chart(shown.data), analysis.themes_reading(shown, shown.people))


@chart(COHORT, "perception_gap", tables=(), on_progress=False)
def perception_gap(context: Context) -> Drawing:
    from nextround.analysis import cohort as analysis
    from nextround.analysis.feedback import gap_between
    from nextround.charts.feedback import perception_gap_chart

    if (held := _too_few(context, "perception_gap")) is not None:
        return held
    shown, mine, theirs = analysis.perception(context.cohort)
    if (held := _too_few(context, "perception_gap", shown.people)) is not None:
        return held
    if _only_other(shown.data["theme"]):
        return Drawing(None, _w("perception_gap")["spread"].format(minimum=minimum_group()))
    gap = gap_between(mine, theirs)
    if gap["mine"].sum() == 0 or gap["theirs"].sum() == 0:
        return Drawing(None, _w("perception_gap")["one_side"].format(minimum=minimum_group()))
    w = _w("perception_gap")
    return Drawing(perception_gap_chart(gap, mine_name=w["mine"], theirs_name=w["theirs"]),
                   analysis.perception_reading(gap, shown))


@chart(COHORT, "control", tables=(), on_progress=False)
def control(context: Context) -> Drawing:
    from nextround.analysis import cohort as analysis
    from nextround.charts.fit import control_chart

    if (held := _too_few(context, "control")) is not None:
        return held
    shown = analysis.control(context.cohort)
    if (held := _too_few(context, "control", shown.people)) is not None:
        return held
    if int(shown.data["total"].iloc[0]) == 0:
        return Drawing(None, _w("control")["spread"].format(minimum=minimum_group()))
    return Drawing(control_chart(shown.data), analysis.control_reading(shown))


@chart(COHORT, "learning", tables=(), on_progress=False)
def learning(context: Context) -> Drawing:
    from nextround.analysis import cohort as analysis
    from nextround.charts.cohort import learning_chart

    if (held := _too_few(context, "learning")) is not None:
        return held
    shown = analysis.learning(context.cohort)
    if (held := _too_few(context, "learning", shown.people)) is not None:
        return held
    if shown.data.empty:
        return Drawing(None, _w("learning")["spread"].format(minimum=minimum_group()))
    return Drawing(learning_chart(shown.data, _w("learning")["axis"],
                                  words()["cohort"]["people"]),
                   analysis.learning_reading(shown))
