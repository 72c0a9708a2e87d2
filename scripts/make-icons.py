#!/usr/bin/env python3
"""Draws the app icon (a white cross on a teal rounded square) as RGBA PNGs into icons/.
Pure standard library, so it runs on any machine with Python 3."""
import struct
import zlib
from pathlib import Path

TEAL = (18, 128, 128, 255)
WHITE = (255, 255, 255, 255)
CLEAR = (0, 0, 0, 0)


def pixel(x, y, n):
    r = n * 0.18  # corner radius
    cx = min(max(x, r), n - 1 - r)
    cy = min(max(y, r), n - 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return CLEAR
    arm, half = n * 0.56, n * 0.13
    mid = (n - 1) / 2
    in_v = abs(x - mid) <= half and abs(y - mid) <= arm / 2
    in_h = abs(y - mid) <= half and abs(x - mid) <= arm / 2
    return WHITE if in_v or in_h else TEAL


def png(n):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, n)) for x in range(n)) for y in range(n))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", n, n, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


out = Path(__file__).resolve().parent.parent / "icons"
out.mkdir(exist_ok=True)
for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
    (out / name).write_bytes(png(size))
