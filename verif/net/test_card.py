#!/usr/bin/env python3
"""Writes a W x W 8-bit RGB test card as a PNG (gradients and a checkerboard), with zlib only.
Usage: test_card.py OUT.png W"""
import struct
import sys
import zlib


def chunk(tag, data):
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


out, w = sys.argv[1], int(sys.argv[2])
rows = []
for y in range(w):
    px = []
    for x in range(w):
        px += [(8 * x) % 256, (8 * y) % 256, 255 if (x // 8 + y // 8) % 2 else 40]
    rows.append(b"\0" + bytes(px))
with open(out, "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, w, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))
