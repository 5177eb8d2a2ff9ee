"""A form's fields as a browser would post them, read from a page's HTML (stdlib parser, no browser)."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self._form_id = form_id
        self._inside = False
        self._textarea: str | None = None
        self._select: str | None = None
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            self._inside = found.get("id") == self._form_id
        if not self._inside or "name" not in found and tag != "option":
            return
        if tag == "input":
            if found.get("type") in ("checkbox", "radio") and "checked" not in found:
                return
            self.fields.append((found["name"], found.get("value", "")))
        elif tag == "textarea":
            self._textarea = found["name"]
            self.fields.append((found["name"], ""))
        elif tag == "select":
            self._select = found["name"]
        elif tag == "option" and self._select and "selected" in found:
            self.fields.append((self._select, found.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)


def form_fields(page: str, form_id: str) -> list[tuple[str, str]]:
    """(name, value) pairs of the form with this id; a textarea's leading newline is dropped as browsers do."""
    reader = _FormReader(form_id)
    reader.feed(page)
    return [(name, value.removeprefix("\n")) for name, value in reader.fields]


def replaced(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """The fields with some values replaced (`source_1_url=` for `source-1-url`)."""
    names = {key.replace("_", "-"): value for key, value in values.items()}
    return [(name, names.get(name, value)) for name, value in fields]


def as_post(fields: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The pairs as httpx's `data=` takes repeated names (the status checkboxes)."""
    data: dict[str, list[str]] = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data
