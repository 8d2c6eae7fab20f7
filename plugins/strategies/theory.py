"""Theory frame: a deductive codebook whose codes carry indicator phrases (a TOML file).

The frame names a `root` code and lists ``[[code]]`` tables with a `path` (under the root), a
`description` and `indicators` (patterns as in `keywords`). Each participant sentence (or turn)
holding indicators of a code is proposed for it; the sample study ships
``sample_study/attachment_frame.toml``.
"""

from __future__ import annotations

from pathlib import Path

from qodex import Option, QodexError, Strategy, hookimpl
from qodex.plugins.strategies.options import choice, labels
from qodex.units import INTERVIEWERS

NAME = "theory"
OPTIONS = (
    Option("frame", "the frame file (TOML); a relative path may be beside the project", None, Path),
    Option("context", "what to code: sentence, turn or paragraph", "sentence",
           choice("sentence", "turn", "paragraph")),
    Option("speakers", "whose turns: participant, interviewer or all", "participant",
           choice("all", "participant", "interviewer")),
    Option("interviewer", "speaker labels of the interviewer, comma-separated",
           INTERVIEWERS, labels),
)


def load_frame(path: Path, project_folder: Path) -> dict:
    """The frame as a dict, from `path` or from the same name beside the project."""
    import tomllib

    if not path.is_absolute() and not path.is_file():
        path = project_folder / path
    try:
        frame = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QodexError(f"{path}: cannot read the frame ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise QodexError(f"{path}: not a valid frame ({exc})") from exc
    if not frame.get("code"):
        raise QodexError(f"{path}: the frame lists no [[code]] tables")
    return frame


def frame_patterns(frame: dict) -> list:
    """A pattern for each indicator, under the code path ``root/path``."""
    from qodex.plugins.strategies.matching import Pattern

    root = frame.get("root", "").strip("/")
    return [Pattern(f"{root}/{c['path']}" if root else c["path"], indicator)
            for c in frame["code"] for indicator in c.get("indicators", ())]


def propose(project, sources, options):
    from qodex.plugins.strategies.matching import Matcher, suggest

    if options["frame"] is None:
        raise QodexError("theory: name the frame file with -O frame=FILE.toml")
    frame = load_frame(options["frame"], project.path.resolve().parent)
    try:
        matcher = Matcher(frame_patterns(frame))
    except ValueError as exc:
        raise QodexError(f"theory frame {options['frame']}: {exc}") from exc
    return suggest(project, sources, matcher, options["context"], options["speakers"],
                   options["interviewer"], f"{frame.get('name', 'frame')} indicators")


@hookimpl
def register_strategies(register):
    register(Strategy(NAME, propose, "Propose the codes of a deductive frame where its indicators occur",
                      OPTIONS))
