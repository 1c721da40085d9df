"""Checks on evidence files: the content decides the type (magic bytes), the name must agree, the size is limited.

Accepted: screenshots (PNG, JPEG), PDF, and saved pages — HTML (`.html`/`.htm`: the text starts with a doctype or an
`<html>` tag) and MHTML (`.mhtml`/`.mht`: a MIME message with `multipart/related`, as browsers save a whole page).
A saved page is never shown in the browser: it is only downloaded (see `views.evidence_download`).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError

PNG, JPEG, PDF, HTML, MHTML = "image/png", "image/jpeg", "application/pdf", "text/html", "multipart/related"
BINARY_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"%PDF-", PDF),
]
EXTENSIONS = {
    PNG: {".png"}, JPEG: {".jpg", ".jpeg"}, PDF: {".pdf"}, HTML: {".html", ".htm"}, MHTML: {".mhtml", ".mht"},
}
ACCEPT = ".png,.jpg,.jpeg,.pdf,.html,.htm,.mhtml,.mht,image/png,image/jpeg,application/pdf,text/html"
HEAD_BYTES = 4096
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_MIME_HEADER = re.compile(rb"^mime-version:\s*1\.0", re.I | re.M)
_MULTIPART_RELATED = re.compile(rb"^content-type:\s*multipart/related", re.I | re.M)


def max_bytes() -> int:
    return settings.ONLINE_EVIDENCE_MAX_MB * 1024 * 1024


def _extension(name: str) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


def content_type_of(head: bytes) -> str | None:
    """The type the first bytes show, or None when they are none of the accepted types."""
    for signature, content_type in BINARY_SIGNATURES:
        if head.startswith(signature):
            return content_type
    if _HTML_START.match(head):
        return HTML
    if _MIME_HEADER.search(head) and _MULTIPART_RELATED.search(head):
        return MHTML
    return None


def check(uploaded) -> str:
    """Check one upload; return its content type or raise a ValidationError with a Dutch message naming the file."""
    name = getattr(uploaded, "name", "") or ""
    if uploaded.size > max_bytes():
        raise ValidationError(f"{name}: het bestand is groter dan {settings.ONLINE_EVIDENCE_MAX_MB} MB.",
                              code="too_large")
    if uploaded.size == 0:
        raise ValidationError(f"{name}: het bestand is leeg.", code="empty")
    uploaded.seek(0)
    head = uploaded.read(HEAD_BYTES)
    uploaded.seek(0)
    content_type = content_type_of(head)
    if content_type is None:
        raise ValidationError(f"{name}: alleen schermafbeeldingen (PNG, JPEG), PDF en opgeslagen webpagina's "
                              f"(HTML, MHTML) zijn toegestaan.", code="type")
    if _extension(name) not in EXTENSIONS[content_type]:
        raise ValidationError(f"{name}: de bestandsnaam past niet bij de inhoud (het is een {label(content_type)}).",
                              code="mismatch")
    return content_type


def check_all(files) -> list[str]:
    """Every problem of every file, so the user hears about all of them at once."""
    problems = []
    for uploaded in files:
        try:
            check(uploaded)
        except ValidationError as error:
            problems += error.messages
    return problems


def label(content_type: str) -> str:
    return {PNG: "PNG-afbeelding", JPEG: "JPEG-afbeelding", PDF: "PDF-bestand", HTML: "opgeslagen webpagina (HTML)",
            MHTML: "opgeslagen webpagina (MHTML)"}.get(content_type, content_type)
