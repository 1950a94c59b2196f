"""iconv-lite encoding names (what n8n's file nodes offer) mapped to Python codecs."""

from __future__ import annotations

import codecs
import re

_ALIASES = {
    "utf8": "utf-8", "cesu8": "utf-8", "ucs2": "utf-16-le", "utf16le": "utf-16-le",
    "utf16be": "utf-16-be", "utf16": "utf-16", "utf32le": "utf-32-le", "utf32be": "utf-32-be",
    "utf32": "utf-32", "utf7": "utf-7", "binary": "latin-1", "latin1": "latin-1", "ascii": "ascii",
    "shiftjis": "shift_jis", "eucjp": "euc_jp", "euckr": "euc_kr", "koi8r": "koi8_r",
    "koi8u": "koi8_u", "big5hkscs": "big5hkscs", "gb2312": "gb2312", "gbk": "gbk", "gb18030": "gb18030",
    "maccyrillic": "mac_cyrillic", "macroman": "mac_roman", "tis620": "tis_620",
}


class UnknownEncodingError(ValueError):
    pass


def codec_name(encoding: str | None) -> str:
    """``windows1256`` -> ``cp1256``, ``iso88592`` -> ``iso8859-2``, ``utf8`` -> ``utf-8``…"""
    raw = (encoding or "utf8").strip().lower()
    key = re.sub(r"[^a-z0-9]", "", raw)
    name = _ALIASES.get(key)
    if name is None:
        if m := re.fullmatch(r"(?:windows|win|cp)(\d+)", key):
            name = f"cp{m.group(1)}"
        elif m := re.fullmatch(r"iso8859(\d+)", key):
            name = f"iso8859-{m.group(1)}"
        else:
            name = raw
    try:
        codecs.lookup(name)
    except LookupError:
        raise UnknownEncodingError(f"Encoding '{encoding}' is not supported") from None
    return name


def encode(text: str, encoding: str | None, *, bom: bool = False) -> bytes:
    """iconv-lite ``encode``: characters the encoding lacks become '?'."""
    name = codec_name(encoding)
    data = text.encode(name, errors="replace")
    if bom and name.startswith("utf-8"):
        data = codecs.BOM_UTF8 + data
    elif bom and name == "utf-16-le":
        data = codecs.BOM_UTF16_LE + data
    return data


def decode(data: bytes, encoding: str | None, *, strip_bom: bool = True) -> str:
    """iconv-lite ``decode``: invalid bytes become U+FFFD; a leading BOM goes unless kept."""
    text = data.decode(codec_name(encoding), errors="replace")
    if strip_bom and text.startswith("\ufeff"):
        text = text[1:]
    return text


ENCODING_NAMES = (
    "armscii8", "ascii", "base64", "big5hkscs", "binary", "cesu8", "cp1046", "cp1124", "cp1125",
    "cp1129", "cp1133", "cp1161", "cp1162", "cp1163", "cp437", "cp720", "cp737", "cp775", "cp808",
    "cp850", "cp852", "cp855", "cp856", "cp857", "cp858", "cp860", "cp861", "cp862", "cp863", "cp864",
    "cp865", "cp866", "cp869", "cp922", "cp936", "cp949", "cp950", "eucjp", "euckr", "gb18030",
    "gb2312", "gbk", "georgianacademy", "georgianps", "hex", "hproman8", "iso646cn", "iso646jp",
    "iso88591", "iso885910", "iso885911", "iso885913", "iso885914", "iso885915", "iso885916",
    "iso88592", "iso88593", "iso88594", "iso88595", "iso88596", "iso88597", "iso88598", "iso88599",
    "koi8r", "koi8ru", "koi8t", "koi8u", "maccenteuro", "maccroatian", "maccyrillic", "macgreek",
    "maciceland", "macintosh", "macroman", "macromania", "macthai", "macturkish", "macukraine",
    "mik", "pt154", "rk1048", "shiftjis", "tcvn", "tis620", "ucs2", "utf16", "utf16be", "utf32",
    "utf32be", "utf32le", "utf7", "utf7imap", "utf8", "viscii", "windows1250", "windows1251",
    "windows1252", "windows1253", "windows1254", "windows1255", "windows1256", "windows1257",
    "windows1258", "windows874",
)
