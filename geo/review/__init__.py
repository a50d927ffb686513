"""The analyst's review loop: who may do what, corrections kept over the machine's output, learning.

Takes a store (:mod:`geo.store`) and a signed-in :class:`User`; gives review
actions (:class:`Reviewer`: confirm, reject, set type, date, parties or place,
add, merge, split, note), users and roles with hashed passwords and throttled
sign-in, wall-screen links (:mod:`~geo.review.access`), local aliases and stops
learnt from corrections (:mod:`~geo.review.learning`), and the edit log's
export and import (:mod:`~geo.review.transfer`).

It uses :mod:`geo.store`, :mod:`geo.events` (the taxonomy and the party lexicon)
and, when a place is picked, :mod:`gazetteer`; it never imports ingest or the web helpers.
"""
from geo.review import access, learning, transfer
from geo.review.access import ROLES, User, current_user, require, sign_in
from geo.review.editing import REJECT_REASONS, Reviewer

__all__ = ["REJECT_REASONS", "ROLES", "Reviewer", "User", "access", "current_user", "learning", "require",
           "sign_in", "transfer"]
