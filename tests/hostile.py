"""Hostile files, built at test time (nothing big is committed).

Zip bombs are written without ever holding their content: a chunk of
repetitive XML is deflated once after a full flush, and a full flush resets
the compressor, so the same compressed bytes stand for every repetition;
the zip is written by hand around them (its CRC computed over the real
content), so a 1 GB part costs a 3 MB file and about a second to make.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

MB = 1024 * 1024
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
S_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


@dataclass
class Part:
    name: str
    chunks: Callable[[], Iterable[bytes]]  # the packed bytes, as written
    packed: int
    size: int  # the unpacked size its headers state
    crc: int
    method: int = zipfile.ZIP_DEFLATED


def part(name: str, data: bytes) -> Part:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = packer.compress(data) + packer.flush()
    return Part(name, lambda: [packed], len(packed), len(data), zlib.crc32(data))


def bomb(name: str, head: bytes, unit: bytes, size: int, tail: bytes, *, stated: int | None = None) -> Part:
    """A part of `head`, `unit` repeated to about `size` bytes, `tail`;
    `stated`: the size its headers claim (a forged header), else the real one."""
    chunk = unit * max(1, MB // len(unit))
    count = max(1, (size - len(head) - len(tail)) // len(chunk))
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    piece = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)
    last = packer.compress(tail) + packer.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    real = len(head) + count * len(chunk) + len(tail)

    def chunks() -> Iterable[bytes]:
        yield first
        for _ in range(count):
            yield piece
        yield last

    return Part(name, chunks, len(first) + count * len(piece) + len(last), real if stated is None else stated, crc)


def write_zip(path: Path, parts: list[Part]) -> Path:
    """A plain zip (no zip64: every stated size under 4 GB) of `parts`."""
    directory = []
    with open(path, "wb") as out:
        for p in parts:
            offset = out.tell()
            name = p.name.encode()
            out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, p.method, 0, 0x21, p.crc, p.packed,
                                  min(p.size, 0xFFFFFFFF), len(name), 0) + name)
            for chunk in p.chunks():
                out.write(chunk)
            directory.append(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, p.method, 0, 0x21, p.crc,
                                         p.packed, min(p.size, 0xFFFFFFFF), len(name), 0, 0, 0, 0, 0, offset)
                             + name)
        start = out.tell()
        for entry in directory:
            out.write(entry)
        out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), out.tell() - start,
                              start, 0))
    return path


def _parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def docx_parts() -> dict[str, bytes]:
    """The parts of a small real .docx (python-docx's default document with one paragraph)."""
    from docx import Document

    document = Document()
    document.add_paragraph("关于开展主题教育的实施方案")
    buffer = io.BytesIO()
    document.save(buffer)
    return _parts_of(buffer.getvalue())


def xlsx_parts() -> dict[str, bytes]:
    """The parts of a small real ledger .xlsx (openpyxl), with a shared-strings part registered."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["问题", "整改措施", "责任部门", "责任人", "完成时限"])
    sheet.append(["理论学习不深入", "制定学习计划", "教务处", "张三", "2023-07-01"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    parts = _parts_of(buffer.getvalue())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    parts["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><sst {S_NS} count="1" '
                                     f'uniqueCount="1"><si><t>问题</t></si></sst>').encode()
    return parts


def container(path: Path, parts: dict[str, bytes], replace: dict[str, Part | bytes]) -> Path:
    """`parts` as a zip, with the parts named in `replace` swapped (or added)."""
    out = []
    for name, data in parts.items():
        if name in replace:
            swap = replace[name]
            out.append(swap if isinstance(swap, Part) else part(name, swap))
        else:
            out.append(part(name, data))
    out.extend(p if isinstance(p, Part) else part(n, p) for n, p in replace.items() if n not in parts)
    return write_zip(path, out)


# --- the contents of hostile parts ------------------------------------------------

DOC_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W_NS}><w:body>'.encode()
DOC_UNIT = "<w:p><w:r><w:t>第一阶段：动员部署（3月1日至3月15日）</w:t></w:r></w:p>".encode()
DOC_TAIL = b"</w:body></w:document>"
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {S_NS}><sheetData>'.encode()
SHEET_UNIT = '<row><c t="inlineStr"><is><t>理论学习不深入</t></is></c><c t="s"><v>0</v></c></row>'.encode()
SHEET_TAIL = b"</sheetData></worksheet>"
SST_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><sst {S_NS}>'.encode()
SST_UNIT = "<si><t>整改问题：理论学习不深入</t></si>".encode()
SST_TAIL = b"</sst>"


def billion_laughs(root: str, ns: str, body: str) -> bytes:
    entities = ['<!ENTITY lol "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                                          for i in range(1, 10)]
    return (f'<?xml version="1.0"?><!DOCTYPE {root} [{"".join(entities)}]><{root} {ns}>'
            + body.replace("TEXT", "&lol9;") + f"</{root}>").encode()


def external_entity(root: str, ns: str, body: str, url: str) -> bytes:
    return (f'<?xml version="1.0"?><!DOCTYPE {root} [<!ENTITY xxe SYSTEM "{url}">]><{root} {ns}>'
            + body.replace("TEXT", "&xxe;") + f"</{root}>").encode()


def external_dtd(root: str, ns: str, body: str, url: str) -> bytes:
    return (f'<?xml version="1.0"?><!DOCTYPE {root} SYSTEM "{url}"><{root} {ns}>'
            + body.replace("TEXT", "x") + f"</{root}>").encode()


DOC_BODY = "<w:body><w:p><w:r><w:t>TEXT</w:t></w:r></w:p></w:body>"
SHEET_BODY = '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>TEXT</t></is></c></row></sheetData>'
SST_BODY = "<si><t>TEXT</t></si>"


def sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that takes no disk (a hole), with a real head."""
    with open(path, "wb") as out:
        out.write(b"PK\x03\x04" if path.suffix in (".docx", ".xlsx") else b"{" if path.suffix == ".json" else b"a,b\n")
        out.truncate(size)
    return path


def pdf_with(path: Path, pages: int = 1, content: Part | None = None) -> Path:
    """A small PDF by hand: `pages` empty pages, or one page whose content
    stream is `content` (zlib-wrapped deflate pieces: a PDF stream bomb)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    first_page = 3
    kids = " ".join(f"{first_page + i} 0 R" for i in range(pages))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    stream_id = first_page + pages
    for _ in range(pages):
        contents = f" /Contents {stream_id} 0 R" if content is not None else ""
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]{contents} >>".encode())
    with open(path, "wb") as out:
        out.write(b"%PDF-1.4\n")
        offsets = []
        for number, body in enumerate(objects, start=1):
            offsets.append(out.tell())
            out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
        if content is not None:
            offsets.append(out.tell())
            out.write(f"{stream_id} 0 obj\n<< /Length {content.packed + 2} /Filter /FlateDecode >>\nstream\n"
                      .encode() + b"\x78\xda")
            for chunk in content.chunks():
                out.write(chunk)
            out.write(b"\nendstream\nendobj\n")
        xref = out.tell()
        out.write(f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode())
        for offset in offsets:
            out.write(f"{offset:010d} 00000 n \n".encode())
        out.write(f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return path


def varied_document(paragraphs: int, runs: int, seed: int = 1) -> bytes:
    """document.xml of `paragraphs` paragraphs of `runs` bold runs of varied
    Chinese text: it packs about 5:1 like a real document, so neither the
    size nor the ratio stops it; only its tags and paragraphs can."""
    import random

    pick = random.Random(seed)
    alphabet = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法"
    pieces = ["<w:r><w:rPr><w:b/></w:rPr><w:t>" + "".join(pick.choice(alphabet) for _ in range(6)) + "</w:t></w:r>"
              for _ in range(4000)]
    body = "".join("<w:p>" + "".join(pick.choices(pieces, k=runs)) + "</w:p>" for _ in range(paragraphs))
    return DOC_HEAD + body.encode() + DOC_TAIL


def varied_sheet(rows: int, columns: int, seed: int = 1) -> bytes:
    """A worksheet of `rows` × `columns` number cells of varied digits: it
    packs about 4:1, so only its cells can stop it."""
    import random

    pick = random.Random(seed)
    pieces = [f"<c><v>{pick.randrange(10**9)}</v></c>" for _ in range(5000)]
    row = "<row>{}</row>"
    body = "".join(row.format("".join(pick.choices(pieces, k=columns))) for _ in range(rows))
    return SHEET_HEAD + body.encode() + SHEET_TAIL
