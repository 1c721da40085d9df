"""HTML (Mastodon `content`, RSS summaries) to plain text with the standard library only."""

from html.parser import HTMLParser

_BREAKS = {"br", "p", "div", "li", "blockquote"}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1
        elif tag in _BREAKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    lines = [" ".join(line.split()) for line in "".join(collector.parts).splitlines()]
    return "\n".join(line for line in lines if line)
