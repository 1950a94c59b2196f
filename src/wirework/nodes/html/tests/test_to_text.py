from __future__ import annotations

from wirework.nodes.html.to_text import html_to_text


def test_inline_words_join_and_blocks_separate() -> None:
    assert html_to_text("<b>Hello</b>World <i>and</i>  more") == "HelloWorld and more"
    assert html_to_text("<div>a</div><div>b</div><p>c</p>") == "a\nb\n\nc"
    assert html_to_text("line<br>next") == "line\nnext"


def test_lists_links_and_images() -> None:
    assert html_to_text("<ul><li>one</li><li>two</li></ul>") == " * one\n * two"
    assert html_to_text("<ol><li>a</li><li>b</li></ol>") == " 1. a\n 2. b"
    assert html_to_text('<a href="mailto:x@y.z">mail</a>') == "mail [x@y.z]"
    assert html_to_text('<a href="#top">top</a>') == "top"
    assert html_to_text('<img src="i.png">') == "[i.png]"


def test_skip_selectors_and_wrapping() -> None:
    html = '<p>keep <span class="ad">drop</span> this</p>'
    assert html_to_text(html, skip_selectors=[".ad"]) == "keep this"
    words = " ".join(["word"] * 30)
    wrapped = html_to_text(f"<p>{words}</p>")
    assert all(len(line) <= 80 for line in wrapped.split("\n")) and "\n" in wrapped
    assert html_to_text(f"<p>{words}</p>", wordwrap=None) == words
