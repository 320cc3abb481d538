"""The article text cut into marked pieces, and the bar charts' geometry."""
from __future__ import annotations

from newsgraph.serve.charts import bars, fill_months
from newsgraph.serve.markup import pieces, speakers


def _record() -> dict:
    text = '"We act now," Ana Novak said. Iran warned Israel. Share this'
    return {
        "text": text, "boilerplate": [[50, 60]],
        "quotes": [
            {"id": "q1", "start": 1, "end": 11, "spans": [[1, 11]], "kind": "direct",
             "cue": {"start": 24, "end": 28, "text": "said"},
             "speaker": {"name": "Ana Novak", "start": 14, "end": 23, "text": "Ana Novak"}},
            {"id": "q2", "start": 30, "end": 49, "spans": [[30, 49]], "kind": "indirect", "cue": None, "speaker": None},
        ],
        "events": [{"id": "v1", "type": "THREATEN", "quad": "VX", "status": "asserted",
                    "trigger": {"start": 35, "end": 41, "text": "warned"}}],
    }


def test_pieces_cover_the_text_exactly_once():
    record = _record()
    assert "".join(p.text for p in pieces(record)) == record["text"]


def test_each_mark_gets_its_class_and_overlaps_nest():
    by_text = {p.text: p for p in pieces(_record())}
    assert by_text["We act now"].classes == ["quote", "sp0"] and by_text["We act now"].anchor == "text-q1"
    assert by_text["Ana Novak"].classes == ["speaker", "sp0"]
    assert by_text["said"].classes == ["cue"]
    assert by_text["warned"].classes == ["quote", "sp-none", "trigger", "quad-VX"]  # a trigger inside a quote
    assert by_text["Share this"].classes == ["boilerplate"]
    assert "THREATEN" in by_text["warned"].title and "unknown speaker" in by_text["warned"].title


def test_every_quote_and_event_gets_its_anchor_when_marks_start_together():
    record = _record()
    record["quotes"].append(dict(record["quotes"][1], id="q3"))  # the same span given twice
    record["events"][0]["trigger"] = {"start": 30, "end": 34, "text": "Iran"}  # a trigger where both start
    anchors = [a for p in pieces(record) for a in [p.anchor, *p.more_anchors] if a]
    assert sorted(anchors) == ["text-q1", "text-q2", "text-q3", "text-v1"]


def test_legend_orders_speakers_by_quotes():
    legend = speakers(_record())
    assert [(s["name"], s["colour"]) for s in legend] == [("Ana Novak", "sp0"), ("unknown speaker", "sp-none")]


def test_bad_offsets_are_clipped_not_fatal():
    record = {"text": "short", "boilerplate": [[3, 99]], "quotes": [], "events": [
        {"id": "v1", "trigger": {"start": None, "end": None}}]}
    assert "".join(p.text for p in pieces(record)) == "short"


def test_months_without_items_are_filled_and_bars_scale():
    rows = [{"period": "2023-11", "quotes": 2, "events": 0}, {"period": "2024-02", "quotes": 0, "events": 4}]
    assert [r["period"] for r in fill_months(rows, ["quotes", "events"])] == ["2023-11", "2023-12", "2024-01", "2024-02"]
    chart = bars(rows, ["quotes", "events"])
    assert chart["max"] == 4 and len(chart["rects"]) == 8
    tallest = max(chart["rects"], key=lambda r: r["h"])
    assert tallest["series"] == "events" and tallest["y"] == 0
    assert bars([], ["quotes"])["rects"] == []


def test_chart_marks_escape_their_texts():
    rows = [{"period": "<b>2024</b>", "quotes": 1}]
    chart = bars(rows, ["quotes"])
    assert "<b>" not in chart["rect_marks"] and "&lt;b&gt;2024&lt;/b&gt;: 1 quotes" in chart["rect_marks"]
    assert "<b>" not in chart["tick_marks"] and chart["tick_marks"].count("<text ") == 1
