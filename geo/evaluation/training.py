"""Training the place recogniser (:mod:`geo.parse.recognising`) from annotated text.

Takes CoNLL files tagged LOC/PERS/ORG/MISC (ANERcorp) and IDRISI-style JSONL
tweets whose place mentions are marked; gives a crfsuite model file. Every
text is tokenized by the parser's own tokenizer and the gold spans are carried
onto its tokens by character offsets, so the model sees at training time the
very tokens and features it sees when parsing.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from geo.evaluation.evaluating import iob_entities, read_conll, read_idrisi
from geo.parse import LABELS, Geoparser, Recogniser, token_features
from geo.text import Token, tokenize

#: crfsuite training parameters (L-BFGS; elastic-net penalties), chosen by 5-fold CV on ANERcorp: a
#: strong L1 penalty and no feature seen fewer than 5 times keep the model at about 430 KiB (3 MiB
#: with c1 0.05 and every feature) for 0.002 less F1.
PARAMS = {"c1": 1.0, "c2": 0.05, "max_iterations": 150, "feature.possible_transitions": True,
          "feature.minfreq": 5}


def conll_text(sentence) -> tuple[str, dict]:
    """A CoNLL sentence as text (tokens joined by spaces) and its gold spans by label.

    Returns ``(text, {label: [(start, end), ...]})`` with character offsets.
    """
    tokens = [t for t, _ in sentence]
    starts, pos = [], 0
    for t in tokens:
        starts.append(pos)
        pos += len(t) + 1
    tags = [tag for _, tag in sentence]
    spans = {}
    for label in LABELS:
        spans[label] = sorted((starts[a], starts[b] + len(tokens[b])) for a, b in iob_entities(tags, label))
    return " ".join(tokens), spans


def bio_labels(tokens: list[Token], spans: dict) -> list[str]:
    """``B-``/``I-`` labels for our tokens from character spans by label (``O`` elsewhere)."""
    labels = ["O"] * len(tokens)
    for label, items in spans.items():
        for start, end in items:
            inside = [i for i, t in enumerate(tokens) if t.start < end and start < t.end]
            for k, i in enumerate(inside):
                labels[i] = ("B-" if k == 0 else "I-") + label
    return labels


def conll_examples(path: str | None, gaz, gate, sentences=None) -> list[tuple[list, list]]:
    """(features, labels) of every sentence of a CoNLL file (or of ``sentences`` read from it).

    ``gate``: a parser's gate (:func:`plain_parser`), which knows the nisba adjectives.
    """
    out = []
    for sentence in sentences if sentences is not None else read_conll(path):
        text, spans = conll_text(sentence)
        tokens = tokenize(text)
        if tokens:
            out.append((token_features(tokens, text, gaz, gate), bio_labels(tokens, spans)))
    return out


def idrisi_examples(paths, gaz, gate) -> list[tuple[list, list]]:
    """(features, labels) of every tweet of IDRISI-style files: their place mentions as LOC.

    IDRISI marks each name once, at its first occurrence; every occurrence of a
    marked name is labelled, so a repeat is not taught as a non-place.
    """
    out = []
    for path in paths:
        for text, gold in read_idrisi(path):
            tokens = tokenize(text)
            if tokens:
                spans = {"LOC": _every_occurrence(text, [(s, e) for s, e, _lat, _lon in gold])}
                out.append((token_features(tokens, text, gaz, gate), bio_labels(tokens, spans)))
    return out


def _every_occurrence(text: str, spans) -> list[tuple[int, int]]:
    """``spans`` and every other occurrence of the same text (a whole word each), not overlapping."""
    out = set(spans)
    for s, e in spans:
        name, at = text[s:e], 0
        while name and (at := text.find(name, at)) >= 0:
            end = at + len(name)
            whole = (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum())
            if whole and not any(a < end and at < b for a, b in out):
                out.add((at, end))
            at = end
    return sorted(out)


def train(examples, path, params=None) -> dict:
    """Train a model on ``examples`` and write it to ``path``; returns what was done.

    Training is deterministic for the same examples and parameters.
    """
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, labels in examples:
        trainer.append(feats, labels)
    trainer.set_params(dict(PARAMS, **(params or {})))
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    t0 = time.perf_counter()
    trainer.train(os.fspath(tmp))
    os.replace(tmp, path)
    return {"model": str(path), "sentences": len(examples), "tokens": sum(len(f) for f, _ in examples),
            "seconds": round(time.perf_counter() - t0, 1), "bytes": path.stat().st_size}


def folds(items: list, k: int) -> list[list]:
    """``items`` cut into ``k`` contiguous blocks (sentences of one article stay together)."""
    if k < 2 or k > len(items):
        raise ValueError(f"cannot make {k} folds of {len(items)} sentences")
    return [items[j * len(items) // k:(j + 1) * len(items) // k] for j in range(k)]


def plain_parser(gaz) -> Geoparser:
    """A parser without recogniser or online geocoder: its gazetteer and gate give the features."""
    return Geoparser(gazetteer=gaz, online=False, recogniser=False)


def _fold_parser(examples, model: Path, gaz, params):
    """A parser whose recogniser is trained on ``examples`` (written to ``model``)."""
    train(examples, model, params)
    return Geoparser(gazetteer=gaz, online=False, recogniser=Recogniser(model))


def cross_validate(path: str, k: int, gaz, work_dir, extra=(), params=None, log=None) -> dict:
    """Strict LOC scores of the whole parser, its recogniser trained on the other folds.

    The CoNLL file is cut into ``k`` contiguous blocks of sentences; for each, a
    model is trained on the rest and on ``extra`` examples (the tweets), and
    the parser is scored on the block: the model never sees what it is scored on.
    """
    from geo.evaluation.evaluating import ConllResult, evaluate_conll

    gate = plain_parser(gaz).gate
    blocks = folds(list(read_conll(path)), k)
    examples = [conll_examples(path, gaz, gate, block) for block in blocks]
    total = ConllResult()
    for j, block in enumerate(blocks):
        rest = [e for i, ex in enumerate(examples) if i != j for e in ex] + list(extra)
        res = evaluate_conll(_fold_parser(rest, Path(work_dir) / "fold.crfsuite", gaz, params), path, "LOC", block)
        for name in ("tp", "fp", "fn"):
            setattr(total.counts, name, getattr(total.counts, name) + getattr(res.counts, name))
        if log:
            log(f"{Path(path).name} fold {j + 1}/{k}: {res.counts.as_dict()}")
    return total.counts.as_dict()


def cross_validate_idrisi(paths, k: int, gaz, work_dir, extra=(), by_event=False, params=None, log=None) -> dict:
    """Detection and 161 km accuracy of the parser on IDRISI files, by cross-validation.

    Each file (one disaster event) is cut into ``k`` contiguous blocks of
    tweets and fold ``j`` holds block ``j`` of every event; or, ``by_event``,
    each event is a fold (the model never saw a tweet of that event). The
    recogniser is trained on the other folds and on ``extra`` (ANERcorp).
    """
    from geo.evaluation.evaluating import IdrisiResult, first_occurrences, score_record

    gate = plain_parser(gaz).gate
    records = {p: list(read_idrisi(p)) for p in paths}
    examples = {p: idrisi_examples([p], gaz, gate) for p in paths}
    n_folds = len(paths) if by_event else k

    def held(p, j):
        if by_event:
            return set(range(len(records[p]))) if paths[j] == p else set()
        n = len(records[p])
        return set(range(j * n // k, (j + 1) * n // k))

    results = {False: IdrisiResult(), True: IdrisiResult()}
    for j in range(n_folds):
        rest = list(extra) + [e for p in paths for i, e in enumerate(examples[p]) if i not in held(p, j)]
        parser = _fold_parser(rest, Path(work_dir) / "fold.crfsuite", gaz, params)
        for p in paths:
            for i in sorted(held(p, j)):
                text, gold = records[p][i]
                mentions = parser.parse(text)
                score_record(results[False], text, gold, mentions)
                score_record(results[True], text, gold, first_occurrences(mentions))
        if log:
            log(f"idrisi fold {j + 1}/{n_folds}")
    return {("first_occurrence" if first else "all_occurrences"): {
        "detection_exact": r.exact.as_dict(), "detection_overlap": r.overlap.as_dict(),
        "accuracy_161km": round(r.accuracy, 4)} for first, r in results.items()}


def provenance(paths, info: dict, cv: dict | None, command: str) -> dict:
    """What a model was trained on and how, written beside it as JSON."""
    import datetime as dt
    import hashlib

    sources = []
    for p in paths:
        digest = hashlib.sha256(Path(p).read_bytes()).hexdigest()
        sources.append({"file": Path(p).name, "sha256": digest})
    return {
        "model": Path(info["model"]).name,
        "model_sha256": hashlib.sha256(Path(info["model"]).read_bytes()).hexdigest(),
        "trained": dt.date.today().isoformat(),
        "sources": sources, "sentences": info["sentences"], "tokens": info["tokens"],
        "training_seconds": info["seconds"], "command_seconds": info.get("command_seconds"),
        "bytes": info["bytes"], "params": PARAMS,
        "labels": "B-/I- LOC PERS ORG MISC, O", "cross_validation": cv,
        "licence": "CC BY-SA 4.0: a work derived from ANERcorp (Benajiba et al. 2007, CC BY-SA 4.0) "
                   "and IDRISI-D (Suwaileh et al., CC BY 4.0)",
        "command": command,
    }
