"""The strategies on the sample study: the guide's topics, the attachment frame, similar passages."""

from __future__ import annotations

import pytest
from conftest import SAMPLE_STUDY, copy_sample

from qodex.extensions import parse_options
from qodex.host import PluginHost
from qodex.project import Project
from qodex.units import is_interviewer


@pytest.fixture(scope="module")
def study(sample_study_file, tmp_path_factory):
    host = PluginHost()
    host.load_builtins()
    project = Project.open(copy_sample(sample_study_file, tmp_path_factory.mktemp("gp")), host=host)
    yield project
    project.close()


def propose(project, name, *options):
    strategy = project.host.registry.strategies[name]
    return list(strategy.propose(project, list(project.sources),
                                 parse_options(strategy.options, list(options), name)))


def test_the_guide_puts_every_answer_under_a_topic_of_the_guide(study):
    found = propose(study, "guide", f"guide={SAMPLE_STUDY / 'interview_guide.md'}")
    turns = study.rows("SELECT label FROM segments WHERE kind = 'turn'")
    assert len(found) == sum(is_interviewer(t["label"]) for t in turns)
    anne = study.sources.get("P01-anne")
    topics = [(anne.text[s.start:s.end], s.code.removeprefix("Interview guide/"))
              for s in found if s.source_id == anne.id]

    def topic(question: str) -> str:
        (chosen,) = [code for text, code in topics if text.startswith(question)]
        return chosen

    assert topic("Thank you for letting me come out") == "1. Personal information"
    assert topic("Let's talk about the consultation") == "2. The observed consultation"
    frightened = "You mentioned being frightened. Does that play a part"
    assert topic(frightened) == "4. The importance of relational continuity"
    assert topic("If you compare your GP with the rest") == "5. Comparison with the health system in general"


def test_the_attachment_frame_finds_most_of_the_attachment_codings(study):
    found = propose(study, "theory", f"frame={SAMPLE_STUDY / 'attachment_frame.toml'}")
    paths = study.codes.paths()
    coded = [(c, paths[c.code_id]) for c in study.codings.list(coder="astrid")
             if paths[c.code_id].startswith("Attachment theory/")]
    found_again = [c for c, path in coded if any(
        s.source_id == c.source_id and s.code == path and s.start < c.end and c.start < s.end
        for s in found)]
    assert len(found_again) > 0.6 * len(coded)
    assert study.suggestions.add("theory", found) > 0


def test_similar_passages_for_a_code_skip_what_is_coded_with_it(study):
    found = propose(study, "similar", "code=Attachment theory/Safe haven", "top=10")
    coded = study.codings.list(code="Attachment theory/Safe haven")
    assert len(found) == 10
    assert not any(s.source_id == c.source_id and s.start < c.end and c.start < s.end
                   for s in found for c in coded)
