"""wptexturize against WordPress's own PHPUnit expectations (tests/formatting/wpTexturize.php).

The case tables are WordPress's input → expected pairs, grouped as WordPress groups them,
with WordPress's default en_US strings. WordPress's test environment registers the core
shortcodes, so the shortcode cases here register the same names.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from magtheme.content.texturize import wptexturize

#: The shortcodes a WordPress install registers out of the box.
CORE_SHORTCODES = ("embed", "wp_caption", "caption", "gallery", "playlist", "audio", "video")
NBSP = "\xa0"
PI = "\u03a0"


def _texturize(text: str) -> str:
    return wptexturize(text, shortcode_names=CORE_SHORTCODES)


def _table(group: str, pairs: list[tuple[str, str]]) -> list[object]:
    return [pytest.param(i, o, id=f"{group}-{n}") for n, (i, o) in enumerate(pairs)]


DASHES_AND_DISABLE = [
    ("Hey -- boo?", "Hey &#8212; boo?"),
    ('<a href="http://xx--xx">Hey -- boo?</a>', '<a href="http://xx--xx">Hey &#8212; boo?</a>'),
    ("<pre>---&</pre>", "<pre>---&</pre>"),
    ("<pre><code></code>--&</pre>", "<pre><code></code>--&</pre>"),
    ("<code>---&</code>", "<code>---&</code>"),
    ("<kbd>---&</kbd>", "<kbd>---&</kbd>"),
    ("<style>---&</style>", "<style>---&</style>"),
    ("<script>---&</script>", "<script>---&</script>"),
    ("<tt>---&</tt>", "<tt>---&</tt>"),
    ('<code>href="baba"</code> "baba"', '<code>href="baba"</code> &#8220;baba&#8221;'),
    (
        '<code>curl -s <a href="http://x/">baba</a> | grep sfive | cut -d "\\"" -f 10 &gt; topmp3.txt</code>',
        '<code>curl -s <a href="http://x/">baba</a> | grep sfive | cut -d "\\"" -f 10 &gt; topmp3.txt</code>',
    ),
    (
        '<pre>"baba"<code>"baba"<pre></pre></code>"baba"</pre>',
        '<pre>"baba"<code>"baba"<pre></pre></code>"baba"</pre>',
    ),
    ('<pre></code>"baba"</pre>', '<pre></code>"baba"</pre>'),
]

BASIC_QUOTES = [
    ('("test")', "(&#8220;test&#8221;)"),
    ("('test')", "(&#8216;test&#8217;)"),
    ("('twas)", "(&#8217;twas)"),
    ('A dog ("Hubertus") was sent out.', "A dog (&#8220;Hubertus&#8221;) was sent out."),
    ("test's", "test&#8217;s"),
    ("'quoted'", "&#8216;quoted&#8217;"),
    ('"quoted"', "&#8220;quoted&#8221;"),
    ("space before 'quoted' space after", "space before &#8216;quoted&#8217; space after"),
    ('space before "quoted" space after', "space before &#8220;quoted&#8221; space after"),
    ("('quoted')", "(&#8216;quoted&#8217;)"),
    ('{"quoted"}', "{&#8220;quoted&#8221;}"),
    ("'qu(ot)ed'", "&#8216;qu(ot)ed&#8217;"),
    ('"qu{ot}ed"', "&#8220;qu{ot}ed&#8221;"),
    (" 'test's quoted' ", " &#8216;test&#8217;s quoted&#8217; "),
    (' "test\'s quoted" ', " &#8220;test&#8217;s quoted&#8221; "),
    (
        "That means every moment you're working on something without it being in the public it's actually dying.",
        "That means every moment you&#8217;re working on something without it being in the public it&#8217;s actually dying.",
    ),
    ('"Quoted String"', "&#8220;Quoted String&#8221;"),
    (
        'Here is "<a href="http://example.com">a test with a link</a>" and a space.',
        'Here is &#8220;<a href="http://example.com">a test with a link</a>&#8221; and a space.',
    ),
    (
        'Here is "<a href="http://example.com">a test with a link</a> and some text quoted"',
        'Here is &#8220;<a href="http://example.com">a test with a link</a> and some text quoted&#8221;',
    ),
    (
        'A test with a finishing number, "like 23".',
        "A test with a finishing number, &#8220;like 23&#8221;.",
    ),
    (
        'A test with a number, "like 62", is nice to have.',
        "A test with a number, &#8220;like 62&#8221;, is nice to have.",
    ),
    ("'test's", "&#8216;test&#8217;s"),
    ("'test's'", "&#8216;test&#8217;s&#8217;"),
    ("'string'", "&#8216;string&#8217;"),
    ("'string's'", "&#8216;string&#8217;s&#8217;"),
    ("'<strong>", "&#8216;<strong>"),
    ("14x24", "14&#215;24"),
    ('&nbsp;"Testing"', "&nbsp;&#8220;Testing&#8221;"),
    ("WordPress 3.5's release date", "WordPress 3.5&#8217;s release date"),
    ("F--oo<", "F&#8211;oo<"),
]

QUOTES_BEFORE_NUMBERS = [
    ("Class of '99", "Class of &#8217;99"),
    ("Class of '99's", "Class of &#8217;99&#8217;s"),
    ("'Class of '99'", "&#8216;Class of &#8217;99&#8217;"),
    ("'Class of '99' ", "&#8216;Class of &#8217;99&#8217; "),
    ("'Class of '99'.", "&#8216;Class of &#8217;99&#8217;."),
    ("'Class of '99', she said", "&#8216;Class of &#8217;99&#8217;, she said"),
    ("'Class of '99':", "&#8216;Class of &#8217;99&#8217;:"),
    ("'Class of '99';", "&#8216;Class of &#8217;99&#8217;;"),
    ("'Class of '99'!", "&#8216;Class of &#8217;99&#8217;!"),
    ("'Class of '99'?", "&#8216;Class of &#8217;99&#8217;?"),
    ("'Class of '99's'", "&#8216;Class of &#8217;99&#8217;s&#8217;"),
    ("'Class of '99&#8217;s'", "&#8216;Class of &#8217;99&#8217;s&#8217;"),
    ('"Class of 99"', "&#8220;Class of 99&#8221;"),
    ('"Class of \'99"', "&#8220;Class of &#8217;99&#8221;"),
    ('{"Class of \'99"}', "{&#8220;Class of &#8217;99&#8221;}"),
    (' "Class of \'99" ', " &#8220;Class of &#8217;99&#8221; "),
    (' "Class of \'99".', " &#8220;Class of &#8217;99&#8221;."),
    (' "Class of \'99", she said', " &#8220;Class of &#8217;99&#8221;, she said"),
    (' "Class of \'99":', " &#8220;Class of &#8217;99&#8221;:"),
    (' "Class of \'99";', " &#8220;Class of &#8217;99&#8221;;"),
    (' "Class of \'99"!', " &#8220;Class of &#8217;99&#8221;!"),
    (' "Class of \'99"?', " &#8220;Class of &#8217;99&#8221;?"),
    ('}"Class of \'99"{', "}&#8221;Class of &#8217;99&#8243;{"),
]

PRIMES = [
    ("9'", "9&#8242;"),
    ('9"', "9&#8243;"),
    ("a 9' b", "a 9&#8242; b"),
    ('a 9" b', "a 9&#8243; b"),
    ('"a 9\' b"', "&#8220;a 9&#8242; b&#8221;"),
    ("'a 9\" b'", "&#8216;a 9&#8243; b&#8217;"),
    ('"12345"', "&#8220;12345&#8221;"),
    ("'12345'", "&#8216;12345&#8217;"),
    (
        "\"a 9' plus a '9', maybe a 9' '9'\"",
        "&#8220;a 9&#8242; plus a &#8216;9&#8217;, maybe a 9&#8242; &#8216;9&#8217;&#8221;",
    ),
    (
        "<p>'99<br />'123'<br />'tis<br />'s'</p>",
        "<p>&#8217;99<br />&#8216;123&#8217;<br />&#8217;tis<br />&#8216;s&#8217;</p>",
    ),
    ('word 99" word', "word 99&#8243; word"),
    ('word 99"word', "word 99&#8243;word"),
    ('word99" word', "word99&#8243; word"),
    ('word99"word', "word99&#8243;word"),
    ("word 99' word", "word 99&#8242; word"),
    ("word 99'word", "word 99&#8217;word"),
    ("word99' word", "word99&#8242; word"),
    ("word99'word", "word99&#8217;word"),
]

HTML_COMMENTS = [
    ("<!--[if !IE]>--><!--<![endif]-->", "<!--[if !IE]>--><!--<![endif]-->"),
    (
        "<!--[if !IE]>\"a 9' plus a '9', maybe a 9' '9' \"<![endif]-->",
        "<!--[if !IE]>\"a 9' plus a '9', maybe a 9' '9' \"<![endif]-->",
    ),
    (
        "<ul><li>Hello.</li><!--<li>Goodbye.</li>--></ul>",
        "<ul><li>Hello.</li><!--<li>Goodbye.</li>--></ul>",
    ),
]

SPACES_AROUND = [
    (" - ", " &#8211; "),
    ("&nbsp;-&nbsp;", "&nbsp;&#8211;&nbsp;"),
    (" -&nbsp;", " &#8211;&nbsp;"),
    ("&nbsp;- ", "&nbsp;&#8211; "),
    (f"{NBSP}-{NBSP}", f"{NBSP}&#8211;{NBSP}"),
    (f" -{NBSP}", f" &#8211;{NBSP}"),
    (f"{NBSP}- ", f"{NBSP}&#8211; "),
    (" -- ", " &#8212; "),
    ("&nbsp;--&nbsp;", "&nbsp;&#8212;&nbsp;"),
    (" --&nbsp;", " &#8212;&nbsp;"),
    ("&nbsp;-- ", "&nbsp;&#8212; "),
    (f"{NBSP}--{NBSP}", f"{NBSP}&#8212;{NBSP}"),
    (f" --{NBSP}", f" &#8212;{NBSP}"),
    (f"{NBSP}-- ", f"{NBSP}&#8212; "),
    ("- ", "&#8211; "),
    ("- -", "&#8211; &#8211;"),
    (" -", " &#8211;"),
    ("-- ", "&#8212; "),
    ("-- --", "&#8212; &#8212;"),
    (" --", " &#8212;"),
    (
        f'stop. {NBSP}"A quote after 2 spaces."',
        f"stop. {NBSP}&#8220;A quote after 2 spaces.&#8221;",
    ),
    (
        f'stop.{NBSP}{NBSP}"A quote after 2 spaces."',
        f"stop.{NBSP}{NBSP}&#8220;A quote after 2 spaces.&#8221;",
    ),
    (
        f"stop. {NBSP}'A quote after 2 spaces.'",
        f"stop. {NBSP}&#8216;A quote after 2 spaces.&#8217;",
    ),
    (
        f"stop.{NBSP}{NBSP}'A quote after 2 spaces.'",
        f"stop.{NBSP}{NBSP}&#8216;A quote after 2 spaces.&#8217;",
    ),
    ('stop. &nbsp;"A quote after 2 spaces."', "stop. &nbsp;&#8220;A quote after 2 spaces.&#8221;"),
    (
        'stop.&nbsp;&nbsp;"A quote after 2 spaces."',
        "stop.&nbsp;&nbsp;&#8220;A quote after 2 spaces.&#8221;",
    ),
    ("stop. &nbsp;'A quote after 2 spaces.'", "stop. &nbsp;&#8216;A quote after 2 spaces.&#8217;"),
    (
        "stop.&nbsp;&nbsp;'A quote after 2 spaces.'",
        "stop.&nbsp;&nbsp;&#8216;A quote after 2 spaces.&#8217;",
    ),
    (f"Contraction: {PI}'s", f"Contraction: {PI}&#8217;s"),
]

APOS_BEFORE_DIGITS = [
    ("word '99 word", "word &#8217;99 word"),
    ("word'99 word", "word&#8217;99 word"),
    ("word '99word", "word &#8217;99word"),
    ("word'99word", "word&#8217;99word"),
    ("word '99&#8217;s word", "word &#8217;99&#8217;s word"),
    (
        "according to our source, '33 students scored less than 50' on the test.",
        "according to our source, &#8217;33 students scored less than 50&#8242; on the test.",
    ),
]

OPENING_SINGLE_QUOTE = [
    ("word 'word word", "word &#8216;word word"),
    ("word ('word word", "word (&#8216;word word"),
    ("word ['word word", "word [&#8216;word word"),
    ("word <'word word", "word <'word word"),
    ("word &lt;'word word", "word &lt;&#8216;word word"),
    ("word {'word word", "word {&#8216;word word"),
    ("word \"'word word", "word &#8220;&#8216;word word"),
    ("'word word", "&#8216;word word"),
    ("word('word word", "word(&#8216;word word"),
    ("word['word word", "word[&#8216;word word"),
    ("word<'word word", "word<'word word"),
    ("word&lt;'word word", "word&lt;&#8216;word word"),
    ("word{'word word", "word{&#8216;word word"),
    ("word\"'word word", "word&#8221;&#8216;word word"),
    ("word ' word word", "word &#8216; word word"),
    ("word (' word word", "word (&#8216; word word"),
    ("word [' word word", "word [&#8216; word word"),
    ("word <' word word", "word <' word word"),
    ("word &lt;' word word", "word &lt;&#8216; word word"),
    ("word {' word word", "word {&#8216; word word"),
    ("word \"' word word", "word &#8220;&#8216; word word"),
    ("' word word", "&#8216; word word"),
    ("word(' word word", "word(&#8216; word word"),
    ("word[' word word", "word[&#8216; word word"),
    ("word<' word word", "word<' word word"),
    ("word&lt;' word word", "word&lt;&#8216; word word"),
    ("word{' word word", "word{&#8216; word word"),
    ("word\"' word word", "word&#8221;&#8216; word word"),
]

CONTRACTIONS = [
    ("word word's word", "word word&#8217;s word"),
    ("word'[ word", "word'[ word"),
    ("word'( word", "word'( word"),
    ("word'{ word", "word'{ word"),
    ("word'&lt; word", "word'&lt; word"),
    ("word'< word", "word&#8217;< word"),
]

OPENING_QUOTE = [
    ('word "word word', "word &#8220;word word"),
    ('word ("word word', "word (&#8220;word word"),
    ('word ["word word', "word [&#8220;word word"),
    ('word <"word word', 'word <"word word'),
    ('word &lt;"word word', "word &lt;&#8220;word word"),
    ('word {"word word', "word {&#8220;word word"),
    ('word -"word word', "word -&#8220;word word"),
    ('word-"word word', "word-&#8220;word word"),
    ('"word word', "&#8220;word word"),
    ('word("word word', "word(&#8220;word word"),
    ('word["word word', "word[&#8220;word word"),
    ('word<"word word', 'word<"word word'),
    ('word&lt;"word word', "word&lt;&#8220;word word"),
    ('word{"word word', "word{&#8220;word word"),
    ('word "99 word', "word &#8220;99 word"),
]

CLOSING_QUOTE = [
    ('word word" word', "word word&#8221; word"),
    ('word word") word', "word word&#8221;) word"),
    ('word word"] word', "word word&#8221;] word"),
    ('word word"} word', "word word&#8221;} word"),
    ('word word"> word', "word word&#8221;> word"),
    ('word word"&gt; word', "word word&#8221;&gt; word"),
    ('word word"', "word word&#8221;"),
    ('word word"word', "word word&#8221;word"),
    ('word"word"word', "word&#8221;word&#8221;word"),
    ('test sentence".', "test sentence&#8221;."),
    ('test sentence",', "test sentence&#8221;,"),
    ('test sentence":', "test sentence&#8221;:"),
    ('test sentence";', "test sentence&#8221;;"),
    ('test sentence"!', "test sentence&#8221;!"),
    ('test sentence"?', "test sentence&#8221;?"),
    ('test sentence."', "test sentence.&#8221;"),
    ('test sentence". word', "test sentence&#8221;. word"),
    ('test sentence." word', "test sentence.&#8221; word"),
]

CLOSING_SINGLE_QUOTE = [
    ("word word' word", "word word&#8217; word"),
    ("word word'. word", "word word&#8217;. word"),
    ("word word'.word", "word word&#8217;.word"),
    ("word word', she said", "word word&#8217;, she said"),
    ("word word': word", "word word&#8217;: word"),
    ("word word'; word", "word word&#8217;; word"),
    ("word word'! word", "word word&#8217;! word"),
    ("word word'? word", "word word&#8217;? word"),
    ("word word'- word", "word word&#8217;- word"),
    ("word word') word", "word word&#8217;) word"),
    ("word word'} word", "word word&#8217;} word"),
    ("word word'] word", "word word&#8217;] word"),
    ("word word'&gt; word", "word word&#8217;&gt; word"),
    ("word word'", "word word&#8217;"),
    ("test sentence'.", "test sentence&#8217;."),
    ("test sentence.'", "test sentence.&#8217;"),
    ("test sentence'. word", "test sentence&#8217;. word"),
    ("test sentence.' word", "test sentence.&#8217; word"),
]

MULTIPLICATION = [
    ("9x9", "9&#215;9"),
    ("12x34", "12&#215;34"),
    ("-123x1=-123", "-123&#215;1=-123"),
    ("-123x-1", "-123x-1"),
    ("0.675x1=0.675", "0.675&#215;1=0.675"),
    ("9 x 9", "9 x 9"),
    ("0x70", "0x70"),
    ("3x2x1x0", "3x2x1x0"),
]

AMPERSAND = [
    ("word & word", "word &#038; word"),
    ("word&word", "word&#038;word"),
    ("word &nbsp; word", "word &nbsp; word"),
    ("word &#038; word", "word &#038; word"),
    ("word &#xabc; word", "word &#xabc; word"),
    ("word &#X394; word", "word &#X394; word"),
    ("word &# word", "word &#038;# word"),
    ("word &44; word", "word &44; word"),
    ("word &&amp; word", "word &#038;&amp; word"),
    ("word &!amp; word", "word &#038;!amp; word"),
    ("word &#", "word &#038;#"),
    ("word &", "word &#038;"),
]

COCKNEY = [
    (f"word '{w} word", f"word &#8217;{w.replace(chr(39), '&#8217;')} word")
    for w in (
        "tain't",
        "twere",
        "twas",
        "tis",
        "twill",
        "til",
        "bout",
        "nuff",
        "round",
        "cause",
        "em",
    )
]

SMART_DASHES_AND_STATIC = [
    ("word --- word", "word &#8212; word"),
    ("word---word", "word&#8212;word"),
    ("word -- word", "word &#8212; word"),
    ("word--word", "word&#8211;word"),
    ("word - word", "word &#8211; word"),
    ("word-word", "word-word"),
    ("word xn&#8211; word", "word xn&#8211; word"),
    ("wordxn&#8211;word", "wordxn&#8211;word"),
    ("wordxn--word", "wordxn--word"),
    ("word ... word", "word &#8230; word"),
    ("word...word", "word&#8230;word"),
    ("word `` word", "word &#8220; word"),
    ("word``word", "word&#8220;word"),
    ("word '' word", "word &#8221; word"),
    ("word''word", "word&#8221;word"),
    ("word (tm) word", "word &#8482; word"),
    ("word (tm)word", "word &#8482;word"),
    ("word(tm) word", "word(tm) word"),
    ("word(tm)word", "word(tm)word"),
]

QUOTED_NUMBERS_AND_DASHES = [
    ('word "42.00" word', "word &#8220;42.00&#8221; word"),
    ('word "42.00"word', "word &#8220;42.00&#8221;word"),
    ("word '42.00' word", "word &#8216;42.00&#8217; word"),
    ("word '42.00'word", "word &#8216;42.00&#8217;word"),
    ('word "42" word', "word &#8220;42&#8221; word"),
    ('word "42,00" word', "word &#8220;42,00&#8221; word"),
    ('word "4,242.00" word', "word &#8220;4,242.00&#8221; word"),
    ("word '99's word", "word &#8217;99&#8217;s word"),
    ("word '99'samsonite", "word &#8217;99&#8217;samsonite"),
    ('word---"quote"', "word&#8212;&#8220;quote&#8221;"),
    ('word--"quote"', "word&#8211;&#8220;quote&#8221;"),
    ('word-"quote"', "word-&#8220;quote&#8221;"),
    ("word---'quote'", "word&#8212;&#8216;quote&#8217;"),
    ("word--'quote'", "word&#8211;&#8216;quote&#8217;"),
    ("word-'quote'", "word-&#8216;quote&#8217;"),
    ('"quote"---word', "&#8220;quote&#8221;&#8212;word"),
    ('"quote"--word', "&#8220;quote&#8221;&#8211;word"),
    ('"quote"-word', "&#8220;quote&#8221;-word"),
    ("'quote'---word", "&#8216;quote&#8217;&#8212;word"),
    ("'quote'--word", "&#8216;quote&#8217;&#8211;word"),
    ("'quote'-word", "&#8216;quote&#8217;-word"),
]

TAG_AVOIDANCE = [
    ("[ ... ]", "[ &#8230; ]"),
    (
        '[ is it wise to <a title="allow user content ] here? hmm"> maybe </a> ]',
        '[ is it wise to <a title="allow user content ] here? hmm"> maybe </a> ]',
    ),
    (
        '[is it wise to <a title="allow user content ] here? hmm"> maybe </a> ]',
        '[is it wise to <a title="allow user content ] here? hmm"> maybe </a> ]',
    ),
    (
        '[caption - is it wise to <a title="allow user content ] here? hmm"> maybe </a> ]',
        '[caption &#8211; is it wise to <a title="allow user content ] here? hmm"> maybe </a> ]',
    ),
    (
        '[ photos by <a href="http://example.com/?a[]=1&a[]=2"> this guy & that guy </a> ]',
        '[ photos by <a href="http://example.com/?a[]=1&#038;a[]=2"> this guy &#038; that guy </a> ]',
    ),
    (
        '[photos by <a href="http://example.com/?a[]=1&a[]=2"> this guy & that guy </a>]',
        '[photos by <a href="http://example.com/?a[]=1&#038;a[]=2"> this guy &#038; that guy </a>]',
    ),
    ("& <script>&&</script>", "&#038; <script>&&</script>"),
    ("[gallery ...]", "[gallery ...]"),
    ("[[gallery ...]", "[[gallery ...]"),
    ("[gallery ...]]", "[gallery ...]]"),
    ("[/gallery ...]", "[/gallery ...]"),
    ("[[gallery]]...[[/gallery]]", "[[gallery]]&#8230;[[/gallery]]"),
    ("[[[gallery]]]...[[[/gallery]]]", "[[[gallery]]]&#8230;[[[/gallery]]]"),
    ("[gallery ...", "[gallery &#8230;"),
    ("[gallery <br ... /> ...]", "[gallery <br ... /> ...]"),
    ("<br [gallery ...] ... />", "<br [gallery ...] ... />"),
    ("<br [gallery ...] ... /", "<br [gallery ...] ... /"),
    ("<br ... />", "<br ... />"),
    ("<br ... />...<br ... />", "<br ... />&#8230;<br ... />"),
    ("[gallery ...]...[gallery ...]", "[gallery ...]&#8230;[gallery ...]"),
    ("[[gallery ...]]", "[[gallery ...]]"),
    ("[/gallery ...]]", "[/gallery ...]]"),
    ("[[gallery <br ... /> ...]]", "[[gallery <br ... /> ...]]"),
    ("<br [[gallery ...]] ... />", "<br [[gallery ...]] ... />"),
    ("<br [[gallery ...]] ... /", "<br [[gallery ...]] ... /"),
    ("[[gallery ...]]...[[gallery ...]]", "[[gallery ...]]&#8230;[[gallery ...]]"),
    ("[[gallery ...]...[/gallery]]", "[[gallery ...]&#8230;[/gallery]]"),
    ("<!-- ... -->", "<!-- ... -->"),
    ("<!--...-->", "<!--...-->"),
    ("<!-- ... -- > ...", "<!-- ... -- > ..."),
    ("<!-- ...", "<!-- ..."),
    ("a<!-->b", "a<!-->b"),
    ("a<!--->b", "a<!--->b"),
    ("a<!---->b", "a<!---->b"),
    ("a<!----->b", "a<!----->b"),
    ("a<!-- c --->b", "a<!-- c --->b"),
    ("a<!-- c -- d -->b", "a<!-- c -- d -->b"),
    ("a<!-- <!-- c --> -->b<!-- close -->", "a<!-- <!-- c --> &#8211;>b<!-- close -->"),
    ("<!-- <br /> [gallery] ... -->", "<!-- <br /> [gallery] ... -->"),
    ("...<!-- ... -->...", "&#8230;<!-- ... -->&#8230;"),
    (
        "[gallery ...]...<!-- ... -->...<br ... />",
        "[gallery ...]&#8230;<!-- ... -->&#8230;<br ... />",
    ),
    (
        'word <img src="http://example.com/wp-content/uploads/2014/06/image-300x216.gif" /> word',
        'word <img src="http://example.com/wp-content/uploads/2014/06/image-300x216.gif" /> word',
    ),
    ('[ do texturize "[quote]" here ]', "[ do texturize &#8220;[quote]&#8221; here ]"),
    (
        '[ regex catches this <a href="[quote]">here</a> ]',
        '[ regex catches this <a href="[quote]">here</a> ]',
    ),
    (
        '[ but also catches the <b>styled "[quote]" here</b> ]',
        "[ but also catches the <b>styled &#8220;[quote]&#8221; here</b> ]",
    ),
    (
        "[Let's get crazy<input>[caption code=\"<a href='?a[]=100'>hello</a>\"]</input>world]",
        "[Let&#8217;s get crazy<input>[caption code=&#8221;<a href='?a[]=100'>hello</a>&#8220;]</input>world]",
    ),
    ("<> ... <>", "<> &#8230; <>"),
    ("<> ... <> ... >", "<> &#8230; <> &#8230; >"),
    ("<> ... < ... > ... <>", "<> &#8230; < ... > &#8230; <>"),
]

YEAR_ABBR = [
    ("word '99 word", "word &#8217;99 word"),
    ("word '99. word", "word &#8217;99. word"),
    ("word '99, word", "word &#8217;99, word"),
    ("word '99; word", "word &#8217;99; word"),
    ("word '99' word", "word &#8217;99&#8217; word"),
    ("word '99'. word", "word &#8217;99&#8217;. word"),
    ("word '99', word", "word &#8217;99&#8217;, word"),
    ("word '99.' word", "word &#8217;99.&#8217; word"),
    ("word '99", "word &#8217;99"),
    ("'99 word", "&#8217;99 word"),
    ("word '999 word", "word &#8216;999 word"),
    ("word '99% word", "word &#8216;99% word"),
    ("word '9 word", "word &#8216;9 word"),
    ("word '99.9 word", "word &#8216;99.9 word"),
    ("word '999", "word &#8216;999"),
    ("word '9", "word &#8216;9"),
    (
        "in '4 years, 3 months,' Obama cut the deficit",
        "in &#8216;4 years, 3 months,&#8217; Obama cut the deficit",
    ),
    (
        "testing's '4' through 'quotes'",
        "testing&#8217;s &#8216;4&#8217; through &#8216;quotes&#8217;",
    ),
]

ELEMENT_STACK = [
    ("<span>hello</code>---</span>", "<span>hello</code>&#8212;</span>"),
    ("</code>hello<span>---</span>", "</code>hello<span>&#8212;</span>"),
    ("<code>hello</code>---</span>", "<code>hello</code>&#8212;</span>"),
    ("<span>hello</span>---<code>", "<span>hello</span>&#8212;<code>"),
    ("<span>hello<code>---</span>", "<span>hello<code>---</span>"),
    ("<code>hello<span>---</span>", "<code>hello<span>---</span>"),
    ("<code>hello</span>---</span>", "<code>hello</span>---</span>"),
    ("<span><code>hello</code>---</span>", "<span><code>hello</code>&#8212;</span>"),
    ("<code>hello</code>world<span>---</span>", "<code>hello</code>world<span>&#8212;</span>"),
]

PRIMES_VS_QUOTES = [
    ("George's porch is 99' long.", "George&#8217;s porch is 99&#8242; long."),
    (
        'The best year "was that time in 2012" when everyone partied, he said.',
        "The best year &#8220;was that time in 2012&#8221; when everyone partied, he said.",
    ),
    ("I need 4 x 20' = 80' of trim.", "I need 4 x 20&#8242; = 80&#8242; of trim."),
    ('"Lorem ipsum dolor sit amet 1234"', "&#8220;Lorem ipsum dolor sit amet 1234&#8221;"),
    ("'Etiam eu egestas dui 1234'", "&#8216;Etiam eu egestas dui 1234&#8217;"),
    (
        'according to our source, "33% of all students scored less than 50" on the test.',
        "according to our source, &#8220;33% of all students scored less than 50&#8221; on the test.",
    ),
    (
        "The doctor said, 'An average height is between 5' and 6' in study group 7'.  He then produced a 6' chart of averages.  A man of 7', incredibly, is very possible.",
        "The doctor said, &#8216;An average height is between 5&#8242; and 6&#8242; in study group 7&#8217;.  He then produced a 6&#8242; chart of averages.  A man of 7&#8242;, incredibly, is very possible.",
    ),
    (
        'Pirates have voted on "The Expendables 3" with their clicks -- and it turns out the '
        "Sylvester Stallone-starrer hasn't been astoundingly popular.\n\n"
        'After "Captain America: The Winter Soldier" (7.31 million), "Divergent" (6.29 million). '
        "That's despite the film's debut.\n\n"
        "String with a number followed by a single quote 'Expendables 3' vestibulum in arcu mi.",
        "Pirates have voted on &#8220;The Expendables 3&#8221; with their clicks &#8212; and it turns out the "
        "Sylvester Stallone-starrer hasn&#8217;t been astoundingly popular.\n\n"
        "After &#8220;Captain America: The Winter Soldier&#8221; (7.31 million), &#8220;Divergent&#8221; (6.29 million). "
        "That&#8217;s despite the film&#8217;s debut.\n\n"
        "String with a number followed by a single quote &#8216;Expendables 3&#8217; vestibulum in arcu mi.",
    ),
]

ALL_CASES = (
    _table("dashes-disable", DASHES_AND_DISABLE)
    + _table("basic-quotes", BASIC_QUOTES)
    + _table("quotes-before-numbers", QUOTES_BEFORE_NUMBERS)
    + _table("primes", PRIMES)
    + _table("html-comments", HTML_COMMENTS)
    + _table("spaces", SPACES_AROUND)
    + _table("apos-before-digits", APOS_BEFORE_DIGITS)
    + _table("opening-single-quote", OPENING_SINGLE_QUOTE)
    + _table("contractions", CONTRACTIONS)
    + _table("opening-quote", OPENING_QUOTE)
    + _table("closing-quote", CLOSING_QUOTE)
    + _table("closing-single-quote", CLOSING_SINGLE_QUOTE)
    + _table("multiplication", MULTIPLICATION)
    + _table("ampersand", AMPERSAND)
    + _table("cockney", COCKNEY)
    + _table("dashes-static", SMART_DASHES_AND_STATIC)
    + _table("quoted-numbers-dashes", QUOTED_NUMBERS_AND_DASHES)
    + _table("tag-avoidance", TAG_AVOIDANCE)
    + _table("year-abbr", YEAR_ABBR)
    + _table("element-stack", ELEMENT_STACK)
    + _table("primes-vs-quotes", PRIMES_VS_QUOTES)
)


@pytest.mark.parametrize(("text", "expected"), ALL_CASES)
def test_wordpress_cases(text: str, expected: str) -> None:
    assert _texturize(text) == expected


UNREGISTERED_SHORTCODES = [
    ("[a]a--b[audio]---[/audio]a--b[/a]", "[a]a&#8211;b[audio]---[/audio]a&#8211;b[/a]"),
    ("[code ...]...[/code]", "[code &#8230;]&#8230;[/code]"),
    ("[hello ...]...[/hello]", "[hello &#8230;]&#8230;[/hello]"),
    ("[...]...[/...]", "[&#8230;]&#8230;[/&#8230;]"),
    ("[gal>ery ...]", "[gal>ery &#8230;]"),
    ('[randomthing param="test"]', "[randomthing param=&#8221;test&#8221;]"),
    ("[[audio]...[/audio]...", "[[audio]&#8230;[/audio]&#8230;"),
    ("[audio]...[/audio]]...", "[audio]...[/audio]]..."),
    ("<span>hello[/audio]---</span>", "<span>hello[/audio]&#8212;</span>"),
    ("[/audio]hello<span>---</span>", "[/audio]hello<span>&#8212;</span>"),
    ("[audio]hello[/audio]---</span>", "[audio]hello[/audio]&#8212;</span>"),
    ("<span>hello</span>---[audio]", "<span>hello</span>&#8212;[audio]"),
    ("<span>hello[audio]---</span>", "<span>hello[audio]---</span>"),
    ("[audio]hello<span>---</span>", "[audio]hello<span>---</span>"),
    ("[audio]hello</span>---</span>", "[audio]hello</span>---</span>"),
]


@pytest.mark.parametrize(
    ("text", "expected"), _table("no-texturize-shortcodes", UNREGISTERED_SHORTCODES)
)
def test_no_texturize_shortcodes(text: str, expected: str) -> None:
    # WordPress's test adds 'audio' to the no_texturize_shortcodes filter.
    result = wptexturize(
        text, shortcode_names=CORE_SHORTCODES, no_texturize_shortcodes=("code", "audio")
    )
    assert result == expected


def test_code_shortcode_content_is_left_alone_when_registered() -> None:
    text = '[code]"quotes" -- stay[/code] "curly"'
    assert (
        wptexturize(text, shortcode_names=("code",))
        == '[code]"quotes" -- stay[/code] &#8220;curly&#8221;'
    )


def test_space_before_quote_never_becomes_a_closing_quote() -> None:
    assert _texturize(f'{NBSP}"A') != f"{NBSP}&#8221;A"


def test_no_state_carries_over_between_calls() -> None:
    # An unclosed <pre> in one call must not stop the next one from texturizing.
    assert _texturize("<pre>open") == "<pre>open"
    assert _texturize("it's") == "it&#8217;s"


def test_empty_text_is_returned_as_is() -> None:
    assert _texturize("") == ""


# --- Properties ------------------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        "word",
        "it's",
        '"quoted"',
        "'single'",
        "--",
        "---",
        "...",
        "9'",
        '12"',
        "a & b",
        "3x4",
        "(tm)",
        " ",
        "\n",
        "\n\n",
    ]
)
_PLAIN = st.lists(_PIECES, max_size=10).map("".join)
_PROTECTED = st.sampled_from(["pre", "code", "kbd", "tt", "script", "style"])


@settings(max_examples=300, deadline=None)
@given(
    before=_PLAIN,
    inner=_PLAIN,
    after=_PLAIN,
    tag=_PROTECTED,
    wrapper=st.sampled_from(["", "p", "div", "em"]),
)
def test_text_inside_pre_and_code_is_never_changed(
    before: str, inner: str, after: str, tag: str, wrapper: str
) -> None:
    block = f"<{tag}>{inner}</{tag}>"
    if wrapper:
        block = f"<{wrapper}>{block}</{wrapper}>"
    result = wptexturize(f"{before}{block}{after}")
    assert f"<{tag}>{inner}</{tag}>" in result


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_texturize_never_raises_and_leaves_tags_alone(text: str) -> None:
    result = wptexturize(text, shortcode_names=CORE_SHORTCODES)
    # Tags keep their place: the text between them is all texturize may change.
    assert result.count("<") == text.count("<")
