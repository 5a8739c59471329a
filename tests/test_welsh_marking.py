"""Nothing users read escapes translation: templates hold no visible English outside
``{% translate %}``/``{% blocktranslate %}``, and the Python that labels fields, registers and
messages passes its text through gettext (docs/welsh.md). The catalogue test
(tests/test_welsh.py) then makes sure every marked string has its Welsh."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.template.base import Lexer, TokenType

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
CODE = ROOT / "preventplan"

# Text that is the same in both languages: abbreviations, names, markings, symbols.
SAME_IN_BOTH = {
    "GOV.UK",
    "OFFICIAL",
    "OFFICIAL-SENSITIVE",
    "OFFICIAL - SENSITIVE",
    "NI35",
    "RAG",
    "PDF",
    "CSV",
    "Excel",
    "API",
    "BCU",
    "BCUs",
    "ACPO",
    "NCTT",
    "Prevent",
    "Channel",
    "English",
    "Cymraeg",
}
WORDS = re.compile(r"[A-Za-z][A-Za-z'’\-]*(?:[ ,.:;?!()/]+[A-Za-z][A-Za-z'’\-]*)*")
ATTRIBUTES = re.compile(r'\b(?:aria-label|title|placeholder|alt)="([^"\x00]*[A-Za-z][^"\x00]*)"')
# Templates that are not pages: plain-text e-mail bodies are checked like pages; these are not.
NOT_INTERFACE: set[str] = set()


def visible_english(source: str) -> list[str]:
    """Literal words a reader would see, outside translation tags and template variables."""
    # The page with every tag and variable replaced by a mark and every translated or commented
    # part removed, so that HTML split by a variable (<a href="{{ url }}">) still reads as HTML.
    kept: list[str] = []
    skipping = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            word = (token.contents.split() or [""])[0]
            skipping += word in {"blocktranslate", "blocktrans", "comment"}
            skipping -= word in {"endblocktranslate", "endblocktrans", "endcomment"}
            kept.append("\x00")
        elif token.token_type == TokenType.TEXT and not skipping:
            kept.append(token.contents)
        else:
            kept.append("\x00")
    text = "".join(kept)
    found = [m for m in ATTRIBUTES.findall(text) if m.strip() not in SAME_IN_BOTH]
    text = re.sub(r"<script\b.*?</script>", " ", text, flags=re.S)
    text = re.sub(r"<style\b.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    for words in WORDS.findall(text):
        if words.strip() not in SAME_IN_BOTH and len(words.strip()) > 1:
            found.append(words.strip())
    return found


def test_templates_show_no_untranslated_text() -> None:
    """No template shows literal words outside translation tags (attribute texts included)."""
    leftovers = {}
    for path in sorted(TEMPLATES.rglob("*.*")):
        name = str(path.relative_to(TEMPLATES))
        if path.suffix not in {".html", ".txt"} or name in NOT_INTERFACE:
            continue
        if found := visible_english(path.read_text()):
            leftovers[name] = found[:5]
    assert leftovers == {}, "\n".join(f"{k}: {v}" for k, v in leftovers.items())


# Keyword arguments whose text users read, and calls whose first text argument they read.
LABEL_KEYWORDS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "empty_label",
    "title",
    "hint",
    "heading",
    "description",
    "summary",
}
MESSAGES = {"success", "info", "warning", "error"}  # messages.success(request, text)


def shown_argument(call: ast.Call) -> ast.AST | None:
    """The argument of a call that users read: a message, a validation error."""
    func = call.func
    name = getattr(func, "attr", getattr(func, "id", ""))
    position = None
    if name in MESSAGES and getattr(getattr(func, "value", None), "id", "") == "messages":
        position = 1
    elif name == "ValidationError":
        position = 0
    elif name == "add_error":
        position = 1
    if position is None or len(call.args) <= position:
        return None
    return call.args[position]


def plain_text(node: ast.AST) -> str | None:
    """The English of a plain string or f-string argument (not wrapped in gettext)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if re.search(r"[A-Za-z]{2,}", node.value) else None
    if isinstance(node, ast.JoinedStr):
        return "f-string"
    return None


def test_python_labels_and_messages_go_through_gettext() -> None:
    """Field labels, help texts, register titles, messages and validation errors are gettext
    calls, not plain strings or f-strings."""
    leftovers = []
    for path in sorted(CODE.rglob("*.py")):
        relative = path.relative_to(ROOT)
        parts = set(relative.parts)
        # Not interface: operators' commands, the API (English), demo and synthetic data.
        if parts & {"migrations", "management", "api"} or path.name.startswith(
            ("demo", "synthetic")
        ):
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for keyword in node.keywords:
                if keyword.arg in LABEL_KEYWORDS and (text := plain_text(keyword.value)):
                    leftovers.append(f"{relative}:{node.lineno} {keyword.arg}={text!r}")
            shown = shown_argument(node)
            if shown is not None and (text := plain_text(shown)):
                leftovers.append(f"{relative}:{node.lineno} {text!r}")
    assert leftovers == [], "\n".join(leftovers)


def test_the_checks_find_untranslated_text() -> None:
    """Both checks find an offence where there is one, so their passing means something."""
    assert visible_english('<p class="x">Save</p>{% translate "Cancel" %}') == ["Save"]
    assert visible_english('<a aria-label="Menu" href="{{ url }}">{{ name }}</a>') == ["Menu"]
    assert visible_english("{% blocktranslate %}Plan for {{ x }}{% endblocktranslate %}") == []
    call = ast.parse('messages.success(request, f"Saved {x}")').body[0].value  # type: ignore[attr-defined]
    assert plain_text(shown_argument(call)) == "f-string"  # type: ignore[arg-type]
    call = ast.parse('forms.CharField(label="Owner")').body[0].value  # type: ignore[attr-defined]
    assert [plain_text(k.value) for k in call.keywords] == ["Owner"]
