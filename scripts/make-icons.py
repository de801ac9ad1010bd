#!/usr/bin/env python3
"""Draws Qunzhu's app icon (a warm rounded square holding two chat bubbles) as PNGs in
assets/icons/, with nothing but the standard library. Run once; the PNGs are committed."""
import math, os, struct, zlib

def png(path, size, pixel):
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            row += bytes(pixel(x + 0.5, y + 0.5, size))
        rows.append(bytes(row))
    raw = b"".join(rows)
    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(data)

def rounded_rect_cov(x, y, x0, y0, x1, y1, r):
    # signed distance to a rounded rectangle, turned into anti-aliased coverage
    cx, cy = min(max(x, x0 + r), x1 - r), min(max(y, y0 + r), y1 - r)
    d = math.hypot(x - cx, y - cy) - r
    return max(0.0, min(1.0, 0.5 - d))

def circle_cov(x, y, cx, cy, r):
    return max(0.0, min(1.0, 0.5 - (math.hypot(x - cx, y - cy) - r)))

def pixel(x, y, s):
    u, v = x / s, y / s
    bg = rounded_rect_cov(x, y, 0.04 * s, 0.04 * s, 0.96 * s, 0.96 * s, 0.22 * s)
    # warm vermilion to amber gradient
    t = (u + v) / 2
    base = (int(226 - 20 * t), int(72 + 60 * t), int(48 + 10 * t))
    big = max(rounded_rect_cov(x, y, 0.18 * s, 0.22 * s, 0.70 * s, 0.58 * s, 0.10 * s),
              circle_cov(x, y, 0.28 * s, 0.62 * s, 0.06 * s))
    small = max(rounded_rect_cov(x, y, 0.42 * s, 0.48 * s, 0.82 * s, 0.76 * s, 0.09 * s),
                circle_cov(x, y, 0.74 * s, 0.80 * s, 0.045 * s))
    dots = max(circle_cov(x, y, (0.32 + 0.10 * i) * s, 0.40 * s, 0.035 * s) for i in range(3))
    col = list(base)
    def mix(c, a):
        for i in range(3):
            col[i] = int(col[i] * (1 - a) + c[i] * a)
    mix((255, 255, 255), big)
    mix(base, dots * big)
    mix((255, 236, 200), small * (1 - big * 0.0))
    mix((255, 255, 255), big * (1 - small) * 0)  # keep big bubble on top where they overlap
    return (*col, int(255 * bg))

out = os.path.join(os.path.dirname(__file__), "..", "assets", "icons")
os.makedirs(out, exist_ok=True)
for name, size in [("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)]:
    png(os.path.join(out, name), size, pixel)
print("icons written to", os.path.abspath(out))
