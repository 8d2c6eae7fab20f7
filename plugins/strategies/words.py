"""Content words for lexical comparison: lower-cased, English and Danish stop words dropped,
English endings trimmed (a light stemmer: worried, worries -> worry; doctors -> doctor)."""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

ENGLISH = """a about above after again against all am an and any are aren't as at be because been
before being below between both but by can can't cannot could couldn't did didn't do does doesn't
doing don't down during each er erm few for from further had hadn't has hasn't have haven't having he
he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into
is isn't it it's its itself just let's like me mm more most mustn't my myself no nor not now of off
oh ok okay on once only or other ought our ours ourselves out over own really right same shan't she
she'd she'll she's should shouldn't so some such than that that's the their theirs them themselves
then there there's these they they'd they'll they're they've this those through to too um under
until up very was wasn't we we'd we'll we're we've well were weren't what what's when when's where
where's which while who who's whom why why's will with won't would wouldn't yeah yes you you'd
you'll you're you've your yours yourself yourselves also bit get got go going know kind sort thing
things think say said mean anything something nothing everything""".split()  # noqa: SIM905

DANISH = """af alle alt anden andet andre at bare begge blev blive bliver da de dem den denne der
deres det dette dig din dine disse dit dog du efter eller en end er et for fordi fra få gør ham han
hans har have hende hendes her hos hun hvad hvem hver hvilken hvis hvor hvordan hvorfor ikke ind
ingen intet jeg jer jo kan kom kommer kunne man mange med meget men mig min mine mit mod må ned noget
nogle nu når og også om op os over på sig sin sine sit skal skulle som sådan thi til ud under var
vi vil ville vor vores være været øh altså jamen nej ja""".split()  # noqa: SIM905

STOP_WORDS = frozenset(ENGLISH) | frozenset(DANISH)
ENDINGS = (("ied", "y"), ("ies", "y"), ("ingly", ""), ("ing", ""), ("edly", ""), ("ed", ""),
           ("ations", "ate"), ("ation", "ate"), ("ness", ""), ("ly", ""), ("es", ""), ("s", ""))


def stem(word: str) -> str:
    """Trim one common English ending, keeping at least three letters."""
    for ending, replacement in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)] + replacement
    return word


def terms(text: str) -> list[str]:
    """The stemmed content words of `text`, in order."""
    return [stem(w) for w in WORD.findall(text.lower().replace("’", "'")) if w not in STOP_WORDS]
