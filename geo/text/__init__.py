"""Arabic text: the language layer every stage and the gazetteer build on.

Takes raw text; gives its normalised form with a map back to the original
offsets, tokens with clitic readings, sentence spans, phrase matching that
tolerates clitics, and the word lists (cue words, titles, common words) that
tell a place from a person, a club or an ordinary word.

It sits below everything else in ``geo`` and imports nothing from it but
:mod:`geo.settings` and :mod:`geo.exc`, so that ``gazetteer/`` can use the
same normalisation as the parser without importing the parser.

Modules: :mod:`~geo.text.normalizing` (letters, diacritics, name keys),
:mod:`~geo.text.tokens` (tokens, sentences, clitics),
:mod:`~geo.text.phrases` (a phrase index matched over tokens),
:mod:`~geo.text.wordlists` (word lists shared by the parser, the events and
the dates) and :mod:`~geo.text.links` (untrusted text made safe as a link or
a CSV cell).
"""
from geo.text import wordlists
from geo.text.links import safe_url, spreadsheet_safe
from geo.text.normalizing import TABLE, is_arabic, name_key, normalize, offset_map, skeleton, word_set
from geo.text.phrases import Found, PhraseIndex
from geo.text.tokens import (Token, clitic_forms, clitic_stems, clitic_variants, orig_offset, sentence_of, sentences,
                             tokenize)

__all__ = ["TABLE", "Found", "PhraseIndex", "Token", "clitic_forms", "clitic_stems", "clitic_variants", "is_arabic",
           "name_key", "normalize", "offset_map", "orig_offset", "safe_url", "sentence_of", "sentences", "skeleton",
           "spreadsheet_safe", "tokenize", "word_set", "wordlists"]
