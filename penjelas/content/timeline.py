"""An explainer's ``timeline.yaml``: dated events, checked and put in date order."""

from __future__ import annotations

from penjelas.content.fields import INVALID, Date
from penjelas.content.model import TIMELINE_SPEC, TimelineEvent
from penjelas.content.nodes import Map, Node, Seq
from penjelas.content.schema import Checker
from penjelas.content.yamltext import parse_yaml
from penjelas.core.errors import Problem, raise_if_any
from penjelas.core.messages import t

EVENT_SPEC_DATE = Date()


def parse_timeline(text: str, path: str, source_ids: set[str] | None = None) -> tuple[TimelineEvent, ...]:
    """Parse timeline.yaml into events in date order (ties keep the file's order)."""
    problems: list[Problem] = []
    node = parse_yaml(text, path, 0, problems)
    if node is None:
        return ()
    checker = Checker(path, problems)
    if source_ids is not None:
        checker.refs["source"] = source_ids
    values = checker.check(node, TIMELINE_SPEC, "timeline.yaml")
    if isinstance(node, Seq):  # spans are checked per event, even where another event has errors
        scratch = Checker(path, [])
        for item in node.items:
            if not isinstance(item, Map) or item.get("until") is None or item.get("date") is None:
                continue
            start = scratch.check(item.get("date"), EVENT_SPEC_DATE, "date")
            until_node = item.get("until")
            until = scratch.check(until_node, EVENT_SPEC_DATE, "until")
            if start is not INVALID and until is not INVALID and until.last_day() < start.first_day():
                assert until_node is not None
                problems.append(
                    Problem(
                        path,
                        until_node.line,
                        until_node.col,
                        t("'until' ({until}) is before 'date' ({date})", until=until.iso(), date=start.iso()),
                        t("swap them or fix the year"),
                    )
                )
    raise_if_any(problems)
    assert isinstance(node, Seq)
    events = [
        TimelineEvent(
            v["date"],
            v.get("until"),
            v["title"],
            v.get("text", ""),
            v.get("sources", ()),
            _text_line(item),
            (item.line, item.col),
        )
        for v, item in zip(values, node.items, strict=True)
    ]
    return tuple(sorted(events, key=_chronological))


def _text_line(item: Node) -> int:
    """Where an event's Markdown text starts (for messages about links in it); its own line otherwise."""
    text = item.get("text") if isinstance(item, Map) else None
    return (text or item).line


_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}


def _chronological(event: TimelineEvent) -> tuple[object, ...]:
    """Earliest first; a coarser date before a finer one that starts the same day ('2024' before 'Januari 2024')."""
    end = event.until or event.date
    return (event.date.first_day(), _PRECISION_RANK[event.date.precision], end.last_day())
