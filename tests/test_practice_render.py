"""How the terminal lays out text: words and URLs kept whole, code shown apart from prose."""

from __future__ import annotations

from bot.practice.render import CODE_GUTTER, WIDTH, block

HEADERS = (
    "Behind a proxy, read the client's address from the X-Forwarded-For header, and the scheme from "
    "X-Forwarded-Proto, but only once ProxyFix is configured with the number of trusted hops."
)
URL = "https://flask.palletsprojects.com/en/stable/deploying/proxy_fix/#tell-flask-it-is-behind-a-proxy"


def test_header_names_and_urls_are_never_split():
    text = block(HEADERS + " See " + URL)
    words = text.split()
    assert "X-Forwarded-For" in words and "X-Forwarded-Proto," in words
    assert URL in words  # on one line, even though it is longer than the others
    assert all(len(line) <= WIDTH for line in text.splitlines() if URL not in line)


def test_a_hard_wrapped_paragraph_is_rewrapped_as_one():
    text = block("Flask escapes values\nrendered with {{ }}\nin .html templates.\n\nSecond paragraph.")
    assert text.splitlines() == [
        "  Flask escapes values rendered with {{ }} in .html templates.",
        "",
        "  Second paragraph.",
    ]


def test_code_is_shown_apart_and_unwrapped():
    code = "    return redirect(url_for('profile', username=user.name, _external=True, _scheme='https'))  # long"
    text = block(f"Build the URL:\n```python\ndef view():\n{code}\n```\nThen return it.")
    lines = text.splitlines()
    assert lines == [
        "  Build the URL:",
        "",
        CODE_GUTTER + "def view():",
        CODE_GUTTER + code,
        "",
        "  Then return it.",
    ]


def test_list_items_keep_their_marker_and_hang_their_continuation():
    text = block("- " + "word " * 30)
    first, second = text.splitlines()[:2]
    assert first.startswith("  - word") and second.startswith("    word")
