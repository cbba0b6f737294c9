#!/usr/bin/env python3
"""Draws Rapport's favicon.ico (16, 32 and 48 px) from the same shapes as wwwroot/favicon.svg:
a rounded blue square with two white circles, two people in conversation. Plain Python, no
imaging library: each pixel is supersampled 4x4 for smooth edges, stored as 32-bit BMP entries.

Run: python3 tools/favicon/make-favicon.py src/Rapport/wwwroot/favicon.ico
"""
import struct
import sys

BLUE = (0x0B, 0x57, 0xD0)
WHITE = (0xFF, 0xFF, 0xFF)
# In the SVG's 32-unit box: the square's corner radius, then the two circles (x, y, r).
CORNER = 7
CIRCLES = [(12, 16, 6.5), (20.5, 16, 6.5)]


def inside_square(x, y):
    cx = min(max(x, CORNER), 32 - CORNER)
    cy = min(max(y, CORNER), 32 - CORNER)
    return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER ** 2


def sample(x, y):
    """Colour and opacity at a point of the 32-unit box."""
    if not inside_square(x, y):
        return None
    for (cx, cy, r) in reversed(CIRCLES):  # the later circle is drawn on top, as in the SVG
        if (x - cx) ** 2 + (y - cy) ** 2 <= r ** 2:
            # A thin blue ring keeps the overlapping circles apart.
            if (x - cx) ** 2 + (y - cy) ** 2 >= (r - 1.2) ** 2 and cx > 15:
                return BLUE
            return WHITE
    return BLUE


def pixels(size, n=4):
    rows = []
    for py in range(size):
        row = []
        for px in range(size):
            r = g = b = a = 0
            for sy in range(n):
                for sx in range(n):
                    c = sample((px + (sx + 0.5) / n) * 32 / size, (py + (sy + 0.5) / n) * 32 / size)
                    if c is not None:
                        r += c[0]; g += c[1]; b += c[2]; a += 1
            row.append((r // a, g // a, b // a, 255 * a // (n * n)) if a else (0, 0, 0, 0))
        rows.append(row)
    return rows


def bmp_entry(size):
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    body = bytearray()
    for row in reversed(pixels(size)):  # BMP rows run bottom-up
        for (r, g, b, a) in row:
            body += bytes((b, g, r, a))
    mask_row = ((size + 31) // 32) * 4  # the AND mask: all zero, the alpha channel decides
    return header + bytes(body) + bytes(mask_row * size)


def ico(sizes):
    entries = [bmp_entry(s) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    for s, data in zip(sizes, entries):
        out += struct.pack("<BBBBHHII", s % 256, s % 256, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(entries)


if __name__ == "__main__":
    with open(sys.argv[1], "wb") as f:
        f.write(ico([16, 32, 48]))
