"""Bytes to text: which encoding a scraped file is in, or why it is not text at all.

Reads bytes (a whole small file, or the first MiB of a large one), writes a ``Decoded``
(text, the codec, warnings) or a ``NotText`` reason that tells the user what to do. No file I/O.

Order of the checks, each one cheap:

1. A byte-order mark: UTF-8, UTF-16 LE/BE, UTF-32 LE/BE.
2. NUL bytes: a few stray ones (at most 1 in 1000 bytes) in what is otherwise Arabic text
   are removed, with a warning (as JSONL's ``\u0000`` is); UTF-16 without a BOM when the NULs
   sit (almost) only at odd or only at even positions and the result reads as text;
   otherwise a binary file. Known binary signatures (PDF, ZIP/DOCX, images, gzip) are named
   in the message.
3. UTF-8, strictly. A file cut inside its last character (truncated) is decoded without it,
   with a warning; a few stray bytes (at most 1 in 1000 characters) become U+FFFD, with a
   warning.
4. Windows-1256 (the Arabic code page), only when the result is plausibly Arabic: most
   letters Arabic, and not the signature of UTF-8 read as Windows-1256 (a flood of ط/ظ).
5. Otherwise: not text kg can read; the message says to re-save it as UTF-8.

After decoding, a text with many control characters (more than 5% of characters) is binary.

Limits: other legacy encodings (ISO-8859-6, MacArabic, CP720) are not detected; a
Windows-1256 file with almost no Arabic is rejected rather than guessed.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

SAMPLE_BYTES = 1 << 20

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a DOCX/XLSX document)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "a program"),
    (b"MZ", "a Windows program"),
    (b"{\\rtf", "an RTF document"),
)
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_LETTER_RE = re.compile(r"[^\W\d_]")
_ARABIC_RE = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_LEAD_RE = re.compile("[طظ]")


@dataclass(frozen=True, slots=True)
class Decoded:
    """Decoded text, the codec that worked (for streaming the rest) and any warnings."""

    text: str
    codec: str
    bom: int = 0  # bytes of byte-order mark to skip
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class NotText:
    """Why the bytes are not usable text, phrased for the user."""

    reason: str


def bom_codec(data: bytes) -> tuple[str, int] | None:
    """(codec, BOM length) when ``data`` starts with a byte-order mark."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def control_ratio(text: str) -> float:
    """Share of control characters (other than tab and line breaks) in ``text``."""
    if not text:
        return 0.0
    return (len(text) - len(_CONTROL_RE.sub("", text))) / len(text)


def _count(regex: re.Pattern[str], text: str) -> int:
    return len(text) - len(regex.sub("", text))


def arabic_share(text: str) -> float:
    """Share of letters that are Arabic: ``normalize.arabic_ratio`` computed with regexes
    (same definition, fast enough for a 200 MB file)."""
    letters = _count(_LETTER_RE, text)
    return _count(_ARABIC_RE, text) / letters if letters else 0.0


def _utf16_guess(data: bytes) -> str | None:
    """UTF-16 without a BOM: NULs only in the high byte of each code unit."""
    even = data[0::2]
    odd = data[1::2]
    zeros_even = even.count(0)
    zeros_odd = odd.count(0)
    if zeros_odd >= max(1, len(odd) // 20) and zeros_even <= len(even) // 100:
        return "utf-16-le"
    if zeros_even >= max(1, len(even) // 20) and zeros_odd <= len(odd) // 100:
        return "utf-16-be"
    return None


def _plausible(text: str) -> bool:
    return control_ratio(text) <= 0.01 and "\x00" not in text


def _plausible_cp1256(text: str) -> bool:
    """Windows-1256 that reads as Arabic, not UTF-8 bytes misread (ط/ظ lead bytes)."""
    if not _plausible(text) or arabic_share(text) < 0.5:
        return False
    return _count(_LEAD_RE, text) <= 0.3 * _count(_ARABIC_RE, text)


def decode_bytes(data: bytes, final: bool = True) -> Decoded | NotText:
    """Decode a file's bytes (``final=False`` for the first part of a longer file)."""
    found = bom_codec(data)
    if found:
        codec, skip = found
        text = codecs.getincrementaldecoder(codec)("replace").decode(data[skip:], final)
        warnings: tuple[str, ...] = ()
        if "\ufffd" in text:
            warnings = (f"some bytes are not valid {codec} and were replaced by U+FFFD",)
        if control_ratio(text) > 0.05:
            return NotText("binary file (mostly control characters): not a text article")
        return Decoded(text, codec, skip, warnings)
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            return NotText(f"binary file ({what}): extract its text and save it as UTF-8 .txt")
    if b"\x00" in data:
        nuls = data.count(b"\x00")
        if nuls <= max(2, len(data) // 1000):  # stray NULs in a text, not UTF-16 or binary
            clean = decode_bytes(data.replace(b"\x00", b""), final)
            if isinstance(clean, Decoded) and arabic_share(clean.text[:SAMPLE_BYTES]) >= 0.3:
                note = f"{nuls} stray NUL byte(s) removed"
                return Decoded(clean.text, clean.codec, clean.bom, (note, *clean.warnings))
        guess = _utf16_guess(data)
        if guess:
            text = codecs.getincrementaldecoder(guess)("replace").decode(data, final)
            if _plausible(text) and text.count("\ufffd") <= len(text) // 1000:
                return Decoded(text, guess, 0, (f"decoded as {guess} (no byte-order mark)",))
        return NotText("binary file (contains NUL bytes): not a text article")
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        text = decoder.decode(data, final)
        return _checked(Decoded(text, "utf-8"))
    except UnicodeDecodeError as err:
        if final and err.start >= len(data) - 3 and "end of data" in err.reason:
            text = data[: err.start].decode("utf-8", "replace")
            return _checked(
                Decoded(text, "utf-8", 0, ("the file ends inside a character (truncated?)",))
            )
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    if bad <= max(1, len(text) // 1000) and arabic_share(text) >= 0.3:
        return _checked(
            Decoded(text, "utf-8", 0, (f"{bad} invalid UTF-8 byte sequence(s) replaced by U+FFFD",))
        )
    cp = data.decode("cp1256", "replace")
    if _plausible_cp1256(cp):
        return Decoded(cp, "cp1256", 0, ("decoded as Windows-1256 (Arabic code page)",))
    return NotText(
        "not UTF-8 text, and not recognisable as UTF-16 or Windows-1256 Arabic: "
        "re-save the file as UTF-8"
    )


def _checked(decoded: Decoded) -> Decoded | NotText:
    if control_ratio(decoded.text) > 0.05:
        return NotText("binary file (mostly control characters): not a text article")
    return decoded
