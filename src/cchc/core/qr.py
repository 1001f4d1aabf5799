"""QR codes drawn here, not fetched: intranets have no CDN. SVG for pages (qrcode's
pure-python SVG factory) and PNG for DOCX files. The PNG is written from the module matrix with
zlib: qrcode's PNG backends need Pillow or pypng, and a 1-bit greyscale PNG is twenty lines,
not a dependency. Receipts (dossiers) and the second-factor enrolment (accounts) use them.
"""

from __future__ import annotations

import struct
import zlib

import qrcode
import qrcode.image.svg


def _matrix(data: str) -> list[list[bool]]:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    qr.add_data(data)
    qr.make(fit=True)
    return qr.get_matrix()


def qr_svg(data: str) -> str:
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
    )
    svg = image.to_string(encoding="unicode")
    # Drop the fixed size in mm: the page's CSS sizes the code.
    return svg.replace('width="', 'data-width="', 1).replace('height="', 'data-height="', 1)


def qr_png(data: str, scale: int = 8) -> bytes:
    matrix = _matrix(data)
    size = len(matrix) * scale
    rows = bytearray()
    for line in matrix:
        bits = []
        for dark in line:
            bits.extend([0 if dark else 1] * scale)  # greyscale: 0 black, 1 white
        packed = bytearray()
        for i in range(0, len(bits), 8):
            octet = bits[i : i + 8] + [1] * (8 - len(bits[i : i + 8]))
            packed.append(int("".join(map(str, octet)), 2))
        for _ in range(scale):
            rows += b"\x00" + packed

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", size, size, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )
