"""Hypothesis strategies: text drawn from the alphabets policy texts are made of."""

from __future__ import annotations

from hypothesis import strategies as st

HAN = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"  # noqa: E501 (an alphabet: one string, by frequency)
TRAD = "為與發們國會學經歲樂實現當這進時機體總產業區轉義開關來長點變處圖應權說請議讓結"
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』…—～·"
ASCII = "abcXYZ0123456789 ,.;:?!()\"'-%&/@_[]{}^~`|\\"
FULLWIDTH = "ＡＢＣａｂｃ０１２３４５％　"
SPACES = " \t\u3000\u00a0"
NUMERALS = "零〇○一二三四五六七八九十百千万年月日号百分之点个项名"
MARKERS = ["一、", "(一)", "（二）", "1.", "2、", "(3)", "①", "⑵", "㈢", "—", "-", "● ", "1、", "第三节 ", "一是"]
CONTROL = "\ufeff\u200b\u00ad\x00\x07\r\x0c"

_char = st.sampled_from(HAN + TRAD + CJK_PUNCT + ASCII + FULLWIDTH + SPACES + NUMERALS + CONTROL + "\n")
_token = st.one_of(
    st.text(_char, min_size=1, max_size=6),
    st.sampled_from(MARKERS),
    st.sampled_from(["十一五", "三个代表", "进一步", "二○一○年四月二十九日", "百分之十二点五", "2009-2020年",
                     "(20112015)", "R&D", "1,000", "10:30", "http://a.gov.cn/x", "首页 > 文章 > 正文\n",
                     "\n\n", "- 3 -\n", "第3页 共10页\n", "发布时间：2020年\n", "乾县", "昇腾", "發(fā)布",
                     "。。。", "...", "、、", "「引号」", "\"引号\"", "多部3门", "\n5、", "2 个", "Open Source"]),
)
policy_text = st.lists(_token, max_size=40).map("".join)
any_unicode = st.text(max_size=200)

# Long runs of one thing (spaces, marks, brackets, quotes, digits, line breaks) between
# policy-text tokens: the inputs on which a pattern that backtracks shows it (issue 15).
RUN_UNITS = [" ", "\u3000", "\t", "，", "。", "、", "(", "（", "）", "“", "”", "'", "\"", ".", "-", "—", "1", "字", "a",
             "\n", "第1页", "一、", "# ", "|"]
long_run = st.builds(lambda unit, n: unit * n, st.sampled_from(RUN_UNITS), st.integers(50, 2000))
text_with_long_runs = st.lists(st.one_of(long_run, _token), min_size=1, max_size=6).map("".join)
