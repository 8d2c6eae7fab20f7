"""Word's paragraph styles (heading levels, following ``basedOn``) and list numbering (numbers and
bullets as Word shows them), with the WordprocessingML names the docx reader shares."""

from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
VAL, PPR, RPR = W + "val", W + "pPr", W + "rPr"
DELETED = (W + "del", W + "moveFrom")  # tracked deletions: dropped, as when accepted


def paragraph_style(ppr, styles) -> tuple[int | None, tuple[str, int] | None, bool]:
    """A paragraph's heading level, list (numId, ilvl), and whether its mark was deleted (so it
    joins the next paragraph), from its properties and its style."""
    style_id = outline = num = None
    joined = False
    for child in ppr:
        if child.tag == W + "pStyle":
            style_id = child.get(VAL)
        elif child.tag == W + "outlineLvl":
            outline = outline(child.get(VAL))
        elif child.tag == W + "numPr":
            num = numbering(child)
        elif child.tag == RPR:
            joined = any(mark.tag in DELETED for mark in child)
    level, style_num = styles().resolve(style_id) if style_id else (None, None)
    return (level if outline is None else outline), num or style_num, joined


class Styles:
    """Paragraph styles: heading level and list numbering, following ``basedOn``."""

    def __init__(self, root):
        self.raw = {} if root is None else {
            s.get(W + "styleId"): s for s in root.iter(W + "style") if s.get(W + "type") == "paragraph"}
        self.cache: dict[str, tuple[int | None, tuple | None]] = {}

    def resolve(self, style_id: str | None, seen: frozenset = frozenset()):
        """(heading level or None, (numId, ilvl) or None) of a style."""
        if style_id not in self.cache:
            style = self.raw.get(style_id)
            if style is None or style_id in seen:
                return None, None
            up_level, up_num = self.resolve(value(style, "basedOn"), seen | {style_id})
            name = (value(style, "name") or "").lower()
            heading = re.fullmatch(r"heading (\d)", name)
            ppr = style.find(PPR)
            level = int(heading[1]) if heading else 0 if name == "title" else None
            level = outline(value(ppr, "outlineLvl")) if level is None else level
            self.cache[style_id] = (up_level if level is None else level,
                                    numbering(None if ppr is None else ppr.find(W + "numPr")) or up_num)
        return self.cache[style_id]


def value(parent, child: str) -> str | None:
    found = None if parent is None else parent.find(W + child)
    return None if found is None else found.get(VAL)


def outline(level: str | None) -> int | None:
    return int(level) + 1 if level and level.isdigit() and int(level) < 9 else None


def numbering(num) -> tuple[str, int] | None:
    if num is None or value(num, "numId") is None:
        return None
    return value(num, "numId"), int(value(num, "ilvl") or 0)


def list_levels(root) -> dict[str, dict[int, tuple[int, str, str, str]]]:
    """numId -> level -> (start, number format, text, suffix), from numbering.xml."""
    if root is None:
        return {}
    abstract = {a.get(W + "abstractNumId"): {
        int(lvl.get(W + "ilvl", 0)): (int(value(lvl, "start") or 1), value(lvl, "numFmt") or "decimal",
                                      value(lvl, "lvlText") or "", value(lvl, "suff") or "tab")
        for lvl in a.iter(W + "lvl")} for a in root.iter(W + "abstractNum")}
    found = {}
    for num in root.iter(W + "num"):
        levels = dict(abstract.get(value(num, "abstractNumId"), {}))
        for override in num.iter(W + "lvlOverride"):
            ilvl, start = int(override.get(W + "ilvl", 0)), value(override, "startOverride")
            if start and ilvl in levels:
                levels[ilvl] = (int(start), *levels[ilvl][1:])
        found[num.get(W + "numId")] = levels
    return found


class Lists:
    """Numbers and bullets as Word shows them, counting per list."""

    SUFFIX = {"tab": "\t", "space": " ", "nothing": ""}

    def __init__(self, load):
        self.load, self.levels = load, None
        self.counters: dict[str, dict[int, int]] = {}

    def marker(self, num_id: str, ilvl: int) -> str:
        if self.levels is None:
            self.levels = self.load()
        levels = self.levels.get(num_id, {})
        if ilvl not in levels:
            return ""
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        _, fmt, text, suffix = levels[ilvl]
        if fmt == "bullet":
            text = "•" if not text or "\ue000" <= text[0] <= "\uf8ff" else text
        else:
            text = re.sub(r"%([1-9])", lambda m: self._levelnumber(levels, counts, int(m[1]) - 1), text)
        return text + self.SUFFIX.get(suffix, "\t") if text else ""

    @staticmethod
    def _levelnumber(levels, counts, k: int) -> str:
        start, fmt = levels.get(k, (1, "decimal"))[:2]
        return format_number(counts.get(k, start), fmt)


def format_number(n: int, fmt: str) -> str:
    """`n` written as Word's number format `fmt` shows it."""
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        numeral = roman(n)
        return numeral if fmt == "upperRoman" else numeral.lower()
    if fmt == "none":
        return ""
    return f"{n:02d}" if fmt == "decimalZero" else str(n)


def roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += numeral * count
    return out
