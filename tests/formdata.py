"""What a browser would send for a rendered form: a small HTML form reader for round-trip tests
(GET a form, POST back exactly what was rendered)."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_index: int):
        super().__init__(convert_charrefs=True)
        self.form_index = form_index
        self.forms_seen = -1
        self.inside = False
        self.pairs: list[tuple[str, str]] = []
        self.date_inputs: list[tuple[str, str]] = []
        self._select: str | None = None
        self._select_value: str | None = None
        self._select_first: str | None = None
        self._option_value: str | None = None
        self._option_text = ""
        self._textarea: str | None = None
        self._textarea_text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms_seen += 1
            self.inside = self.forms_seen == self.form_index
            return
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.pairs.append((name, a.get("value", "on")))
                return
            if kind == "date":
                self.date_inputs.append((name, a.get("value") or ""))
            self.pairs.append((name, a.get("value") or ""))
        elif tag == "select" and name:
            self._select, self._select_value, self._select_first = name, None, None
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_text = ""
            if "selected" in a:
                self._select_value = self._option_value
        elif tag == "textarea" and name:
            self._textarea, self._textarea_text = name, ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea_text += data
        elif self._option_value is None and self._select is not None:
            self._option_text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        if not self.inside and tag != "form":
            return
        if tag == "option" and self._select is not None:
            value = self._option_value if self._option_value is not None else self._option_text
            if self._select_first is None:
                self._select_first = value.strip()
            self._option_value = None
        elif tag == "select" and self._select is not None:
            # A browser sends the first option when none is marked selected.
            chosen = self._select_value if self._select_value is not None else self._select_first
            self.pairs.append((self._select, chosen or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The HTML parser drops one leading newline after <textarea>, as browsers do.
            text = self._textarea_text
            self.pairs.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def rendered_form(html: str, index: int | None = None) -> _FormReader:
    """The index-th <form>; by default the one with the most fields (the page's main form, not
    the language switch or the logout button)."""
    if index is None:
        counter = _FormReader(-1)
        counter.feed(html)
        readers = [_FormReader(i) for i in range(counter.forms_seen + 1)]
        for reader in readers:
            reader.feed(html)
        return max(readers, key=lambda r: len(r.pairs))
    reader = _FormReader(index)
    reader.feed(html)
    return reader


def form_data(html: str, index: int | None = None) -> dict[str, str | list[str]]:
    """The fields of a <form> as a browser would submit them unchanged."""
    data: dict[str, str | list[str]] = {}
    for name, value in rendered_form(html, index).pairs:
        if name in data:
            prev = data[name]
            data[name] = [*prev, value] if isinstance(prev, list) else [prev, value]
        else:
            data[name] = value
    return data
