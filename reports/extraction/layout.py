"""Where a number stands: its section and that section's context, quoted names, table rows."""
import re
from bisect import bisect_right
from dataclasses import dataclass

RESULT, PROBLEM, PLAN = "result", "problem", "plan"

# Heading markers by depth: 一、 > （一） > 一是 > 1. > （1）. A heading's name runs to its first
# punctuation mark ("五是“改”字提质显成效，以检促改…" -> "五是“改”字提质显成效"). A line may open with
# its heading in 【】 (【下一步打算】…). An appendix (附表：) closes the report's sections: its table is
# no part of the plans that may come before it.
_HEADING_RE = re.compile(
    r"\s*(?:(?P<l1>[一二三四五六七八九十]+、|【[^】\n]{1,12}】|附[表件][0-9一二三四五六七八九十]?(?=[：:\s]|$))"
    r"|(?P<l2>[（(][一二三四五六七八九十]+[）)])|(?P<l3>[一二三四五六七八九十]+是)|(?P<l4>\d+[.、](?!\d))|(?P<l5>[（(]\d+[）)]))"
    r"[^，。；：,;:！？!?]*"
)
# An unnumbered short line that opens with a problem or plan word heads a section too (存在的问题,
# 下一步工作打算); longer lines and lines that only end so are titles (进展情况及下一步打算).
_PLAIN_HEADING_RE = re.compile(r"\s*[^\t，。；：,;:]{2,14}\s*")
_PROBLEM_RE = re.compile(
    r"存在的?(?:主要)?(?:问题|不足|困难|短板)|问题(?:和|与|及)(?:不足|困难|短板)|不足之处|困难和问题|主要问题$"
)
_PLAN_RE = re.compile(r"下一?步|下[周月]|下一?阶段|打算|今后")
# A sentence that opens like this talks about plans even inside a results section.
PLAN_SENTENCE_RE = re.compile(r"\s*(?:下一?步|下一?阶段|今后|接下来)")

_QUOTE_RE = re.compile(
    r"“[^“”\n]{0,40}”|\"[^\"\n]{0,40}\"|「[^「」\n]{0,40}」|『[^『』\n]{0,40}』|【[^【】\n]{0,40}】|《[^《》\n]{0,60}》"
)


def _context_of(name: str, within: int | None = None) -> str | None:
    """PLAN or PROBLEM when the heading ``name`` says so (its first ``within`` characters if given)."""
    for pattern, context in ((_PLAN_RE, PLAN), (_PROBLEM_RE, PROBLEM)):
        m = pattern.search(name)
        if m and (within is None or m.start() <= within):
            return context
    return None


@dataclass(frozen=True)
class Sections:
    """Section starts (sorted offsets) with the name and context in force from each one on."""

    starts: tuple[int, ...]
    names: tuple[str, ...]
    contexts: tuple[str, ...]

    def at(self, offset: int) -> tuple[str, str]:
        """(section name, context) at ``offset``; ("", "result") before the first heading."""
        i = bisect_right(self.starts, offset) - 1
        return (self.names[i], self.contexts[i]) if i >= 0 else ("", RESULT)


def find_sections(text: str) -> Sections:
    """Headings at line starts, nested; a section inherits its parent's context.

    一、 and （一） (and unnumbered headings, as level 1) close every deeper section. The
    lower markers (一是, 1., （1）) are ordered differently by different writers ("1.存在问题"
    over "一是…"), so such a heading closes the sections down to one of its own kind, or else
    opens a section inside the current one.

    A heading that names problems (存在的问题) or plans (下一步打算) sets that context for
    everything under it until a heading of the same or a higher level replaces it.
    """
    starts, names, contexts = [], [], []
    stack: list[tuple[int, str]] = []  # (level, context)
    offset = 0
    for line in text.split("\n"):
        level = 0
        m = _HEADING_RE.match(line)
        if m:
            level = int(m.lastgroup[1])
        elif "\t" not in line and (m := _PLAIN_HEADING_RE.fullmatch(line)) and _context_of(line.strip(), 4):
            level = 1
        if level:
            name = m.group().strip()
            if level <= 2:
                while stack and stack[-1][0] >= level:
                    stack.pop()
            elif any(open_level == level for open_level, _ in stack):
                while stack.pop()[0] != level:
                    pass
            context = _context_of(name) or (stack[-1][1] if stack else RESULT)
            stack.append((level, context))
            starts.append(offset)
            names.append(name)
            contexts.append(context)
        offset += len(line) + 1
    return Sections(tuple(starts), tuple(names), tuple(contexts))


@dataclass(frozen=True)
class Quotes:
    """Spans of quoted names and slogans (“…”, 《…》, 【…】)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def around(self, start: int, end: int) -> tuple[int, int] | None:
        """The quote span that contains [start, end), if any."""
        i = bisect_right(self.starts, start) - 1
        if i >= 0 and self.ends[i] >= end:
            return self.starts[i], self.ends[i]
        return None


def find_quotes(text: str) -> Quotes:
    spans = [m.span() for m in _QUOTE_RE.finditer(text)]
    return Quotes(tuple(s for s, _ in spans), tuple(e for _, e in spans))


def table_cells(text: str, offset: int) -> tuple[list[str], int, list[str] | None] | None:
    """For an offset inside a tab-separated row: (cells, index of the cell, header row cells).

    The header row is the first row of the block of consecutive tab-separated lines; None when the
    row is the header itself. Returns None when the line is not a table row.
    """
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end]
    if "\t" not in line:
        return None
    cells = line.split("\t")
    index = text.count("\t", line_start, offset)
    header_start = line_start
    while header_start > 0:
        previous_start = text.rfind("\n", 0, header_start - 1) + 1
        if "\t" not in text[previous_start:header_start - 1]:
            break
        header_start = previous_start
    if header_start == line_start:
        return cells, index, None
    header_end = text.find("\n", header_start)
    return cells, index, text[header_start:header_end].split("\t")
