"""The theory reading: for each construct of the study's theory frame, the themes read as it, the
researcher's argument and the passages that support it, and plainly where nothing does.

The frame is the researcher's file (constructs and their descriptions, see studyfile.frame); the
links come from the study file (``[[theory.link]]``: construct, themes, argument, quotes) and from
the IPA plugin's theory links (`ipa.theory.table_rows`), whose quotes are the theme's passages
coded with the construct.
"""

from __future__ import annotations

from qodex.errors import QodexError
from qodex.escape import markdown
from qodex.plugins.reports.markdown import Notes, quote
from qodex.plugins.reports.sections import Candidate, Study, coded_passages, spread, worded
from qodex.plugins.reports.structure import ipa_groups
from qodex.plugins.reports.studyfile import Link, StudyFile
from qodex.text import locate

NEAR = 200  # characters between a theme's coding and a construct's coding that still link them


def reading(study: Study, notes: Notes, setting: StudyFile, frame: dict) -> str:
    """A subsection per construct: its description, themes, argument and quotes."""
    if not frame and not setting.links:
        return "*No theory frame: name one as `frame` under `[theory]` in the study file.*"
    links = setting.links + _ipa_links(study, frame.get("root", ""))
    names = list(frame.get("constructs", {})) + [
        x.construct for x in links if x.construct not in frame.get("constructs", {})]
    parts = [markdown(frame.get("description", ""))] if frame.get("description") else []
    for name in dict.fromkeys(names):
        chosen = [x for x in links if x.construct == name]
        parts.append(_construct(study, setting, name, frame.get("constructs", {}).get(name, ""),
                                chosen, frame.get("root", "")))
    marker = notes.add("The theory reading: the constructs of the theory frame file, the themes the "
                       "researcher linked to each (in the study file or as IPA theory links), the "
                       "argument written for the link and the passages it rests on: those named, "
                       "else the codings of the construct that overlap a coding of a linked theme or "
                       f"come within {NEAR} characters of one.")
    return "\n\n".join(parts) + marker


def _ipa_links(study: Study, root: str) -> list[Link]:
    """The IPA plugin's theory links, with their quotes, as links to constructs."""
    from qodex.plugins.ipa.theory import table_rows

    if not ipa_groups(study.project):
        return []
    links = []
    for row in table_rows(study.project, study.age):
        path = row["construct"]
        inside = path[len(root) + 1:] if root and path.startswith(root + "/") else path
        links.append(Link(inside.split("/")[0], [row["theme"].lstrip("› ")], "",
                          [{"text": q} for q in row["quotes"]]))
    return links


def _construct(study: Study, setting: StudyFile, name: str, description: str,
               links: list[Link], root: str) -> str:
    lines = [f"### {markdown(name)}"]
    if description:
        lines.append(f"*{markdown(description)}*")
    themes = [t for x in links for t in x.themes]
    quoted = [q for x in links for q in _quotes(study, setting, x, root)]
    if not themes:
        lines.append(f"**No support:** no theme of this study is read as {markdown(name)}.")
        return "\n\n".join(lines)
    lines.append("Themes: " + ", ".join(f"*{markdown(t)}*" for t in dict.fromkeys(themes)) + ".")
    lines += [markdown(x.argument) for x in links if x.argument]
    lines += quoted or [f"**No support:** no passage is given for reading these themes as "
                        f"{markdown(name)}."]
    return "\n\n".join(lines)


def _quotes(study: Study, setting: StudyFile, link: Link, root: str) -> list[str]:
    """The link's passages: those the study file or the IPA plugin gives, else the passages
    where a coding of a linked theme's code overlaps one of the construct's code."""
    if not link.quotes:
        found = _overlaps(study, link, f"{root}/{link.construct}" if root else link.construct)
        return [quote(p.text, f"{study.cite(p.source_id)}; {p.source} {p.start}–{p.end}")
                for p in worded(study, spread(found, {}, setting.quotes))]
    return [_given(study, setting, link, item) for item in link.quotes]


def _given(study: Study, setting: StudyFile, link: Link, item: dict) -> str:
    """A quote named in the study file, found in its source and cited; a warning if it is not there."""
    if "text" in item:  # already cited by the IPA plugin
        return f"> {markdown(item['text'])}"
    source = study.project.sources.find(str(item.get("source", "")))
    try:
        if source is None:
            raise QodexError(f"no source {item.get('source')!r}")
        start, end = locate(source.text, str(item.get("quote", "")), item.get("occurrence"),
                            where=source.name)
    except QodexError as exc:
        return (f"**Quote not found:** {markdown(exc)} (a quote for {markdown(link.construct)} in "
                f"{markdown(setting.path.name if setting.path else 'the study file')}).")
    return quote(source.text[start:end], f"{study.cite(source.id)}; {source.name} {start}–{end}")


def _overlaps(study: Study, link: Link, construct: str) -> list[Candidate]:
    """Passages of the construct's code that overlap a coding of one of the link's theme codes, or
    come within `NEAR` characters of one."""
    if not study.has_code(construct):
        return []
    themes: dict[int, list[Candidate]] = {}
    for p in (p for t in link.themes if study.has_code(t) for p in coded_passages(study, t)):
        themes.setdefault(p.source_id, []).append(p)
    return [p for p in coded_passages(study, construct)
            if any(t.start < p.end + NEAR and p.start < t.end + NEAR for t in themes.get(p.source_id, ()))]
