"""Limits of file uploads (the manual-proof fallback): size and type, with French messages.

A file field is ``{"type": "string", "format": "tremplin-file"}`` in the data schema, its limits are
``ui:options.accept`` (MIME types among :data:`KNOWN_TYPES`) and ``ui:options.maxSize`` (bytes). The
type is checked on the file name's extension *and* on the first bytes of the content, never on the
``Content-Type`` the browser claims.
"""

from __future__ import annotations

from typing import IO, Final

from werkzeug.datastructures import FileStorage

from app.forms.spec import FieldSpec

DEFAULT_ACCEPT: Final = ("application/pdf", "image/jpeg", "image/png")
DEFAULT_MAX_SIZE: Final = 5 * 1024 * 1024

KNOWN_TYPES: Final[dict[str, tuple[str, tuple[str, ...], tuple[bytes, ...]]]] = {
    # MIME type: (label, extensions, content signatures)
    "application/pdf": ("PDF", (".pdf",), (b"%PDF-",)),
    "image/jpeg": ("JPEG", (".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
    "image/png": ("PNG", (".png",), (b"\x89PNG\r\n\x1a\n",)),
}

EMPTY: Final = "Le fichier sélectionné est vide."


def accepted_types(spec: FieldSpec) -> tuple[str, ...]:
    """MIME types accepted by a file field."""
    return tuple(spec.options.get("accept") or DEFAULT_ACCEPT)


def max_size(spec: FieldSpec) -> int:
    """Largest accepted size in bytes."""
    return int(spec.options.get("maxSize") or DEFAULT_MAX_SIZE)


def human_size(size: int) -> str:
    """``5242880`` → ``5 Mo``; ``307200`` → ``300 ko`` (French units, 1 Mo = 1 048 576 octets)."""
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "Mo"
    elif size >= 1024:
        value, unit = size / 1024, "ko"
    else:
        return f"{size} octets"
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} {unit}"


def formats_label(spec: FieldSpec) -> str:
    """``PDF, JPEG ou PNG``."""
    labels = [KNOWN_TYPES[t][0] for t in accepted_types(spec)]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " ou " + labels[-1]


def limits_hint(spec: FieldSpec) -> str:
    """« Formats acceptés : PDF, JPEG ou PNG. Taille maximale : 5 Mo. »."""
    return (
        f"Formats acceptés : {formats_label(spec)}. Taille maximale : {human_size(max_size(spec))}."
    )


def _size(stream: IO[bytes]) -> int:
    position = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(position)
    return size


def _head(stream: IO[bytes], length: int = 16) -> bytes:
    position = stream.tell()
    stream.seek(0)
    head = stream.read(length)
    stream.seek(position)
    return head


def check_upload(spec: FieldSpec, upload: FileStorage) -> str | None:
    """The French reason an uploaded file is refused, or ``None`` when it is acceptable."""
    size = _size(upload.stream)
    if size == 0:
        return EMPTY
    if size > max_size(spec):
        return f"Le fichier ne doit pas dépasser {human_size(max_size(spec))}."
    name = (upload.filename or "").lower()
    head = _head(upload.stream)
    for mime in accepted_types(spec):
        _label, extensions, signatures = KNOWN_TYPES[mime]
        if name.endswith(extensions) and head.startswith(signatures):
            return None
    return f"Le fichier doit être au format {formats_label(spec)}."
