"""The place recogniser: whether a span the gazetteer proposes is a place *here*.

A linear-chain CRF (python-crfsuite) labels each token of a sentence
``B-``/``I-`` LOC, PERS, ORG or MISC, or ``O``, from the words around it
(titles and given names before it, club and company words, صحيفة before it),
its clitics, whether it is a nisba adjective, how common it is as a word, and
what the gazetteer knows of the windows it starts or sits in (feature class,
prominence, how many homonyms). Takes a text's tokens; gives a :class:`Reading`:
how likely each span is one place name (:meth:`Reading.place_probability`) or
part of a person's or an organisation's name (:meth:`Reading.other_probability`).
The gate (:mod:`geo.parse.gating`) uses it to drop Bilbao the club and keep
Bilbao the city; see ``docs/recogniser.md``.

The model is trained by ``python -m geo train-recogniser`` (see
:mod:`geo.evaluation.training`) and shipped as ``geo/parse/models/places.crfsuite``
with its provenance beside it (``places.json``).
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import struct
import weakref
from pathlib import Path

from geo.exc import ModelError
from geo.parse.gating import CUE_FORMS, zipf_of
from geo.parse.matching import may_start, window_matches
from geo.parse.resolving import COUNTRY_CODES, prominence
from geo.text import Token, clitic_variants, sentences, wordlists

#: The model shipped with Marsad.
MODEL_PATH = Path(__file__).with_name("models") / "places.crfsuite"
REBUILD_HINT = "rebuild it with: python -m geo train-recogniser (see docs/recogniser.md)"
LABELS = ("LOC", "PERS", "ORG", "MISC")


class Recogniser:
    """A trained place recogniser.

    Parameters
    ----------
    path : str or Path, optional
        The model file (default :data:`MODEL_PATH`).

    Raises
    ------
    ModelError
        If the file is missing or is not a model, naming it and how to rebuild it.
    """

    def __init__(self, path=None):
        try:
            import pycrfsuite
        except ImportError as err:   # pragma: no cover - a runtime requirement
            raise ModelError("the place recogniser needs python-crfsuite: pip install python-crfsuite") from err
        self.path = Path(path or MODEL_PATH)
        if not self.path.is_file():
            raise ModelError(f"{self.path}: place recogniser model not found; {REBUILD_HINT}")
        _check_file(self.path)
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(os.fspath(self.path))
        except (ValueError, OSError) as err:
            raise ModelError(f"{self.path}: not a place recogniser model ({err}); {REBUILD_HINT}") from err
        self._labels = tuple(self._tagger.labels())
        if "B-LOC" not in self._labels:
            raise ModelError(f"{self.path}: the model has no place labels; {REBUILD_HINT}")
        #: The attributes the model weighs: the others are left out of what it is given (faster).
        self.attributes = frozenset(a for a, _label in self._tagger.info().state_features)

    def place_marginals(self, features: list[list[str]], asked=None) -> list[tuple[float, float, float]]:
        """For each token of one sentence: P(B-LOC), P(I-LOC), and P(the token is part of a
        person's, an organisation's or another non-place name). ``asked``: for each token, whether
        that last is wanted (0 where not; default all)."""
        if not features:
            return []
        tagger = self._tagger
        tagger.set(features)
        marginal = tagger.marginal
        inside = "I-LOC" in self._labels            # a model trained on one-word places only has none
        out = []
        for i in range(len(features)):
            b, n = marginal("B-LOC", i), marginal("I-LOC", i) if inside else 0.0
            other = max(0.0, 1.0 - b - n - marginal("O", i)) if asked is None or asked[i] else 0.0
            out.append((b, n, other))          # the other names' share
        return out


def _check_file(path: Path) -> None:
    """Refuse a file crfsuite would crash on: its header must say ``lCRF``, give the file's own
    size and point inside it (a truncated model otherwise kills the process). If the model's
    provenance beside it records its SHA-256, the file must match it."""
    data = path.read_bytes()
    problem = None
    if len(data) < 48 or data[:4] != b"lCRF" or data[8:12] != b"FOMC":
        problem = "not a crfsuite model"
    elif struct.unpack("<I", data[4:8])[0] != len(data):
        problem = f"truncated or padded: the header says {struct.unpack('<I', data[4:8])[0]} bytes, the file has {len(data)}"
    elif any(offset > len(data) for offset in struct.unpack("<5I", data[28:48])):
        problem = "its header points past its end"
    else:
        record = path.with_suffix(".json")
        expected = _recorded_sha256(record)
        if expected and hashlib.sha256(data).hexdigest() != expected:
            problem = f"it does not match the SHA-256 recorded in {record.name}"
    if problem:
        raise ModelError(f"{path}: not a place recogniser model ({problem}); {REBUILD_HINT}")


def _recorded_sha256(record: Path) -> str | None:
    try:
        return json.loads(record.read_text(encoding="utf-8")).get("model_sha256")
    except (OSError, ValueError, AttributeError):
        return None


class Reading:
    """The recogniser's reading of one text: how likely each token span is a place, and the
    gazetteer windows it looked at (:func:`windows_of`), for the gate to reuse."""

    def __init__(self, marginals: list[tuple[float, float, float]], windows=None, runs=None):
        self.marginals = marginals
        self.windows = windows
        #: The token runs ``[c, d)`` that were tagged (never adjacent); the others are all 0.
        self.runs = [(0, len(marginals))] if runs is None else runs

    def other_probability(self, first: int) -> float:
        """How likely the token ``first`` is part of a person's, an organisation's or another
        non-place name (Silva the player, Bilbao the club); read only where a gazetteer window
        starts (0 elsewhere)."""
        return self.marginals[first][2]

    def place_probability(self, first: int, last: int) -> float:
        """How likely tokens ``first``..``last`` form one place name: the least of
        P(B-LOC) on the first and P(I-LOC) on the others, less the chance the name
        runs on into the next token."""
        m = self.marginals
        p = m[first][0]
        for i in range(first + 1, last + 1):
            p = min(p, m[i][1])
        if last + 1 < len(m):
            p = min(p, 1.0 - m[last + 1][1])
        return p

    def spans(self, threshold: float = 0.5) -> list[tuple[int, int]]:
        """Token runs ``(first, last)`` the model reads as one place name each."""
        out = []
        for c, d in self.runs:
            first = None
            for i, (b, inside, _other) in enumerate(self.marginals[c:d] + [(0.0, 0.0, 0.0)], c):
                if first is not None and inside >= threshold and inside > b:
                    continue
                if first is not None:
                    out.append((first, i - 1))
                    first = None
                if b >= threshold:
                    first = i
        return out


def read(recogniser: Recogniser, tokens: list[Token], text: str, gaz, gate, sents=None) -> Reading:
    """Tag the sentences of ``text`` that name something the gazetteer knows (or nearly knows) and
    return the place probabilities of its tokens (0 in the sentences not tagged). ``sents``:
    :func:`geo.text.sentences` of the text, if the caller has them."""
    known = recogniser.attributes
    words = _words(tokens, gate, known)
    windows = windows_of(tokens, text, gaz, words)
    gazf = _gazetteer_features(tokens, windows, gaz, gate, words)
    seeds = _seeds(tokens, windows, gazf, text)
    sporty = [w.sports for w in words]
    marginals: list[tuple[float, float, float]] = [(0.0, 0.0, 0.0)] * len(tokens)
    tagged = []
    for a, b in sentence_slices(tokens, text, sents):
        runs = _runs(seeds, a, b)
        sports = bool(runs) and any(sporty[a:b])
        for c, d in runs:
            feats = _slice_features(tokens, words, gazf, a, b, known, (c, d), sports)
            # Whether a name is someone's is asked only where a gazetteer window starts (the gate).
            marginals[c:d] = recogniser.place_marginals(feats, windows[c:d])
        for c, d in runs:                   # runs of two sentences may touch: one run for spans()
            tagged[-1:] = [(tagged[-1][0], d)] if tagged and tagged[-1][1] == c else tagged[-1:] + [(c, d)]
    return Reading(marginals, windows, tagged)


#: Tokens tagged on either side of a seed (:func:`_seeds`): the model's features reach two
#: tokens, and its chain must start before a title or a given name that changes its reading.
REACH = 3


#: A gazetteer window this common as a word (wordfreq Zipf) has nothing for the model to decide:
#: the hand gates already read it (الحكومة، كبير، مدينة are words; مصر، القاهرة are countries and
#: famous places, never vetoed), so it does not make the model tag the words around it.
SEED_ZIPF = 5.0


def _seeds(tokens, windows, gazf, text: str) -> list[bool]:
    """Which tokens make the model tag the words around them: the start of a gazetteer window
    rarer than :data:`SEED_ZIPF`, a rare word spelled like a gazetteer name, and a cue word (the
    name after قرية may be one the gazetteer lacks)."""
    return [(zipf_of(text[found[0].start:found[0].end]) < SEED_ZIPF if found else "gsk" in g)
            or t.norm in CUE_FORMS for t, found, g in zip(tokens, windows, gazf)]


def _runs(seeds, a: int, b: int) -> list[tuple[int, int]]:
    """The runs ``[c, d)`` of sentence ``a``..``b-1`` within :data:`REACH` tokens of a seed
    (:func:`_seeds`): the rest of the sentence cannot hold a place the model reads, and is read
    as in no place (on news, about 37% of the tokens are tagged)."""
    out = []
    for i in range(a, b):
        if not seeds[i]:
            continue
        c, d = max(a, i - REACH), min(b, i + REACH + 1)
        if out and c <= out[-1][1]:
            out[-1] = (out[-1][0], d)
        else:
            out.append((c, d))
    return out


def sentence_slices(tokens: list[Token], text: str, sents=None) -> list[tuple[int, int]]:
    """Token index ranges ``[a, b)`` of the sentences of ``text`` (every token in one); ``sents``:
    :func:`geo.text.sentences` of the text, if the caller has them."""
    out, a = [], 0
    ends = [e for _s, e in (sentences(text) if sents is None else sents)]
    j = 0
    for i, t in enumerate(tokens):
        while j < len(ends) and ends[j] <= t.start:
            j += 1
            if i > a:
                out.append((a, i))
                a = i
    if a < len(tokens):
        out.append((a, len(tokens)))
    return out


def _bucket(x: float) -> str:
    return str(int(x))


def _word_features(t: Token, gate) -> list[str]:
    variants = clitic_variants(t.norm)
    prefix, stem, _ = next((v for v in reversed(variants) if not v[2]), variants[0])
    f = ["w=" + t.norm, "s=" + stem, "p3=" + stem[:3], "x2=" + stem[-2:], "x3=" + stem[-3:],
         "z=" + _bucket(zipf_of(t.text)), "zs=" + _bucket(zipf_of(stem))]
    if prefix:
        f.append("cl=" + t.norm[:prefix])
    if stem.startswith("ال"):
        f.append("al")
    if gate.nisba.get(stem) or gate.nisba.get(t.norm):
        f.append("nisba")
    if not t.text[0].isalpha() or t.text.isdigit():
        f.append("digit")
    elif t.text.isascii():
        f.append("latin")
    if len(stem) <= 2:
        f.append("short")
    for name, words in _LISTS:
        if stem in words or t.norm in words:
            f.append("lst=" + name)
    return f


_LISTS = (("sports", wordlists.SPORTS), ("cue", wordlists.CUES), ("title", wordlists.TITLES), ("given", wordlists.NAME_PARTS),
          ("org", wordlists.ORG_BEFORE), ("after", wordlists.PERSON_AFTER),
          ("notplace", wordlists.NOT_PLACES), ("facility", wordlists.FACILITY_CUES))


def _kind(best) -> str:
    if best.feature_code in COUNTRY_CODES:
        return "country"
    if best.feature_code == "CONT":
        return "continent"
    if best.feature_class == "A":
        return "admin"
    return best.feature_class or "?"


def _near_miss(token: Token, gaz, gate) -> list[str]:
    """Features of a rare word the gazetteer spells with other long vowels (تايلند for تايلاند)."""
    if zipf_of(token.text) >= 3.0:
        return []
    hit = gate.spelled_otherwise(token.norm)
    if hit is None:
        return []
    best = max((gaz.place(n) for k in hit[2] for n in gaz.lookup(k)[:20]), key=prominence)
    return ["gsk", "gsk=" + _kind(best), "gskp=" + str(round(prominence(best), 1))]


def windows_of(tokens: list[Token], text: str, gaz, words=None) -> list[list]:
    """The gazetteer matches of the windows starting at each token, longest first (``words``:
    :func:`_words` of the tokens for this gazetteer, if the caller has them)."""
    starts = [w.starts for w in words] if words is not None else [may_start(gaz, t.norm) for t in tokens]
    return [window_matches(tokens, i, gaz, text, wordlists.EPITHETS, True) if start else []
            for i, start in enumerate(starts)]


def _gazetteer_features(tokens: list[Token], windows, gaz, gate, words=None) -> list[list[str]]:
    """What the gazetteer says of the windows each token starts or sits in (``words``:
    :func:`_words` of the tokens, if the caller has them: they hold the near misses)."""
    words = _words(tokens, gate) if words is None else words
    out = [w.miss for w in words]          # shared and never changed: a new list where more is said
    memo = _SUMMARIES.setdefault(gaz, {})
    if len(memo) > 200_000:
        memo.clear()
    covered = -1
    for i in [k for k, found in enumerate(windows) if found]:
        m = windows[i][0]
        summary = memo.get(m.places)
        if summary is None:
            summary = memo[m.places] = _summary(m.places, gaz)
        kind, prom, homonyms = summary
        n = m.n_words
        head = [f"gB{min(n, 3)}", "gk=" + kind, prom, homonyms, "gm=" + m.kind, f"gB{min(n, 3)}k={kind}"]
        if m.dropped_article:
            head.append("gdrop")
        if m.prefix:
            head.append("gclitic")
        # A token inside an earlier window has that window's features; any other, none of its own.
        out[i] = (out[i] if i <= covered else []) + head
        for j in range(i + 1, m.last + 1):
            out[j] = (out[j] if j <= covered else []) + ["gI", "gIk=" + kind]
        if n > 1:
            out[m.last].append("gL")
        covered = max(covered, m.last)
    return out


_SUMMARIES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _summary(numbers: tuple[int, ...], gaz) -> tuple[str, str, str]:
    """The kind and prominence of the most prominent of these places, and how many there are
    (remembered per gazetteer: the same names recur in every article)."""
    best = max((gaz.place(n) for n in numbers[:50]), key=prominence)
    homonyms = "1" if len(numbers) == 1 else "few" if len(numbers) <= 5 else "many"
    return _kind(best), "gp=" + str(round(prominence(best), 1)), "gh=" + homonyms


_WORDS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_CONTEXT = ("lst=", "nisba", "latin", "digit")


class _Word:
    """A word's own features and, ready made, what it says as a neighbour at each offset; only
    the attributes the model knows, if it is given them (the others weigh nothing)."""

    __slots__ = ("own", "stem", "near", "sports", "miss", "starts")

    def __init__(self, own: list[str], known=None, miss=(), starts=False):
        self.miss = list(miss)        # the gazetteer's near miss (:func:`_near_miss`), if it is no name
        self.starts = starts          # whether a gazetteer name may start with it (clitics read off)
        self.stem = own[1]
        self.sports = "lst=sports" in own
        ctx = [own[1]] + [x for x in own if x.startswith(_CONTEXT)]
        near = {d: [f"{d}:{x}" for x in ctx] for d in (-2, -1, 1, 2)}
        if known is not None:
            own = [x for x in own if x in known]
            near = {d: [x for x in xs if x in known] for d, xs in near.items()}
        self.own, self.near = own, near


def _words(tokens: list[Token], gate, known=None) -> list[_Word]:
    """The word features of each token, remembered per gate and model (the same words recur in
    every article); ``known``: the model's attributes, to keep only those."""
    memo = _WORDS.setdefault(gate, {}).setdefault(known, {})
    if len(memo) > 200_000:
        memo.clear()
    out = []
    for t in tokens:
        w = memo.get(t.text)             # the normalised form is the text's
        if w is None:
            w = memo[t.text] = _Word(_word_features(t, gate), known, _near_miss(t, gate.gaz, gate),
                                     may_start(gate.gaz, t.norm))
        out.append(w)
    return out


def token_features(tokens: list[Token], text: str, gaz, gate, windows=None) -> list[list[str]]:
    """The CRF features of every token of ``text`` (crfsuite attribute strings), sentence by
    sentence (a token's neighbours are in its sentence).

    ``windows``: :func:`windows_of` the tokens, if the caller has them already.
    """
    words = _words(tokens, gate)
    windows = windows_of(tokens, text, gaz, words) if windows is None else windows
    gazf = _gazetteer_features(tokens, windows, gaz, gate, words)
    feats = []
    for a, b in sentence_slices(tokens, text):
        feats.extend(_slice_features(tokens, words, gazf, a, b))
    return feats


def _slice_features(tokens, words, gazf, a: int, b: int, known=None, run=None, sports=None) -> list[list[str]]:
    """The features of tokens ``a``..``b-1``, one sentence, or of the tokens ``run`` = ``(c, d)``
    of it (their neighbours are still the sentence's). ``known``: as for :func:`_words`;
    ``sports``: whether the sentence has a sports word, if the caller knows."""
    if sports is None:
        sports = any(words[i].sports for i in range(a, b))
    keep = (lambda xs: xs) if known is None else (lambda xs: [x for x in xs if x in known])
    edge, brk, bias = _fixed_features(known)
    c, d_ = run or (a, b)
    # What each word of the run and the word either side of it says as a neighbour, once each.
    lo, hi = max(a, c - 1), min(b, d_ + 1)
    said = {j: [x for x in gazf[j] if x.startswith(("gB", "gk=", "gsk"))] for j in range(lo, hi) if gazf[j]}
    before = {j: keep(["-1:" + x for x in xs]) for j, xs in said.items()}
    after = {j: keep(["1:" + x for x in xs]) for j, xs in said.items()}
    feats = []
    for i in range(c, d_):
        f = bias + words[i].own
        g = gazf[i]
        if g:
            kind = next((x for x in g if x.startswith(("gk=", "gIk="))), "")
            extra = ["sports|" + kind] if sports else []
            if i > a:
                extra.append("-1:" + words[i - 1].stem + "|" + kind)
            f += keep(g) + keep(extra)
        if not tokens[i].joined:
            f += brk
        # The neighbours' stems and word lists, two either side (and the next ones' gazetteer say).
        f += words[i - 2].near[-2] if i - 2 >= a else edge[-2]
        if i - 1 >= a:
            f += words[i - 1].near[-1]
            if i - 1 in before:
                f += before[i - 1]
        else:
            f += edge[-1]
        if i + 1 < b:
            f += words[i + 1].near[1]
            if i + 1 in after:
                f += after[i + 1]
        else:
            f += edge[1]
        f += words[i + 2].near[2] if i + 2 < b else edge[2]
        feats.append(f)
    return feats


@functools.lru_cache(maxsize=8)
def _fixed_features(known=None) -> tuple[dict, list[str], list[str]]:
    """The sentence-edge, break and bias features, less those the model does not know."""
    def keep(xs):
        return xs if known is None else [x for x in xs if x in known]
    return {d: keep([f"{d}:edge"]) for d in (-2, -1, 1, 2)}, keep(["break"]), keep(["bias"])
