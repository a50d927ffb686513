"""Geoparsing: text in, place mentions resolved to gazetteer places out.

Takes a document's text; gives :class:`Mention` objects, each with its
offsets in the original text, the gazetteer place it was resolved to (id,
names, country, coordinates, feature code), the match kind and score, the
runner-up candidate and the reasons for the choice.

The pipeline (:class:`Geoparser`): tokens (:mod:`geo.text`) -> windows
matched against the gazetteer, exact, normalised or fuzzy
(:mod:`~geo.parse.matching`) -> the place recogniser's reading of each
sentence (:mod:`~geo.parse.recognising`) -> gating of common words, people,
clubs and organisations (:mod:`~geo.parse.gating`) -> the article's evidence and the
choice of one place per mention (:mod:`~geo.parse.resolving`) -> an optional
online fallback, off unless configured (:mod:`~geo.parse.online`). Many
documents: :func:`parse_many`, in worker processes if asked. Distances on the
sphere for hot paths: :func:`great_circle_km`.

It uses :mod:`geo.text` and :mod:`gazetteer`; it never imports the events,
the store, ingest or the web helpers.
"""
from geo.parse.distances import great_circle_km
from geo.parse.geoparser import Geoparser, Mention
from geo.parse.local import LocalName
from geo.parse.parallel import parse_many
from geo.parse.recognising import LABELS, MODEL_PATH, Recogniser, token_features
from geo.parse.resolving import WHOLE_AREAS, prominence

__all__ = ["LABELS", "MODEL_PATH", "WHOLE_AREAS", "Geoparser", "LocalName", "Mention", "Recogniser", "parse_many",
           "great_circle_km", "prominence", "token_features"]
