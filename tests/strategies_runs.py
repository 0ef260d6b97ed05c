"""Hypothesis strategies for long runs and for the character-level evidence of issue 12.

The inputs that broke the cleaner were runs: a character repeated thousands of times where
a pattern scans the run once per starting position (spaces, marks, brackets, quotes,
digits, dots), and nesting. ``long_runs`` draws texts made of such runs between pieces of
policy text. The other strategies draw what issue 12 taught the do-no-harm property to
look at: Simplified text with rare characters that ``t2s`` would map, linking dashes,
decimal numbers written with full-width points and spaces, and note references.
"""

from __future__ import annotations

from hypothesis import strategies as st

from .strategies import HAN, policy_text

#: Characters whose long runs attack a pattern, each with a neighbour that gives it context.
RUN_CHARS = {
    "spaces": " \u3000\t\u00a0",
    "marks": ",;:?!，、；：。！？",
    "brackets": "()（）[]【】",
    "quotes": "\"'“”‘’「」",
    "digits": "0123456789０１２",
    "dots": ".．。…",
    "dashes": "-－—–―",
}
_CONTEXT = st.sampled_from(["字", "a", "1", "。", "（", "", "\n", "第1页", "浏览次数", "為", "鍊鎖"])


@st.composite
def a_run(draw: st.DrawFn, max_length: int = 3000) -> str:
    """One long run of a kind (a single character or a short cycle of them), in context."""
    kind = draw(st.sampled_from(sorted(RUN_CHARS)))
    cycle = draw(st.text(st.sampled_from(RUN_CHARS[kind]), min_size=1, max_size=3))
    length = draw(st.integers(min_value=1, max_value=max_length))
    body = (cycle * (length // len(cycle) + 1))[:length]
    return draw(_CONTEXT) + body + draw(_CONTEXT)


@st.composite
def nested(draw: st.DrawFn, max_depth: int = 2000) -> str:
    """Brackets or quotes nested ``depth`` deep, closed or not."""
    open_, close = draw(st.sampled_from([("（", "）"), ("“", "”"), ("《", "》"), ("(", ")"), ("‘", "’")]))
    depth = draw(st.integers(min_value=1, max_value=max_depth))
    closed = draw(st.integers(min_value=0, max_value=depth))
    return open_ * depth + draw(st.sampled_from(["字", "", "a"])) + close * closed


#: Texts of long runs and nesting between pieces of policy text.
long_runs = st.lists(st.one_of(a_run(), nested(), policy_text), min_size=1, max_size=5).map("".join)

# -- issue 12 generators ------------------------------------------------------------------
#: Words of Simplified writing with characters that ``t2s`` maps (table characters and the
#: two rare ones §2 names).
RARE_WORDS = ["濛溪河", "二噁英", "乾县", "昇腾", "於潜", "甦醒", "陞任", "蒐集", "夥伴", "瞭望", "徵求"]
_SIMPLIFIED_SENTENCE = st.sampled_from(["各级人民政府要加强领导。", "严格控制污染物排放，", "推进经济社会发展，"])
#: Simplified text (it holds a sentence of Simplified writing) with rare words sprinkled in.
simplified_with_rare = st.tuples(_SIMPLIFIED_SENTENCE, st.lists(
    st.one_of(_SIMPLIFIED_SENTENCE, st.sampled_from(RARE_WORDS), st.text(st.sampled_from(HAN), max_size=8)),
    min_size=1, max_size=12)).map(lambda t: t[0] + "".join(t[1]))
#: A single linking dash or hyphen between Han words (中国—东盟, 锂-亚硫酰氯).
linking_dash = st.tuples(st.sampled_from(["中国", "北京", "锂", "澜沧江"]), st.sampled_from("—-－–"),
                         st.sampled_from(["东盟", "上海", "亚硫酰氯", "湄公河"])).map("".join)
#: A decimal number written with a full-width point and stray spaces (8 ．8 ％).
decimal_number = st.tuples(st.integers(0, 999), st.sampled_from(["．", " ．", "． ", " ． ", "\u3000．"]),
                           st.integers(0, 99), st.sampled_from(["％", " ％", "%", " %", "‰", ""])).map(
    lambda t: f"{t[0]}{t[1]}{t[2]}{t[3]}")
#: A note reference: a circled number that closes a sentence or a paragraph.
note_reference = st.tuples(st.sampled_from(["国务院关于加强管理的决定", "依照本法"]),
                           st.sampled_from("①②③⑩⑳"), st.sampled_from(["。{c}", "{c}。", "{c}，"]),
                           st.sampled_from(["", "\n"])).map(lambda t: t[0] + t[2].format(c=t[1]) + t[3])
