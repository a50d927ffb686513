"""Events: place mentions in an article in, incidents out.

Takes an article's text, its publication date (a :class:`Period`) and the
place mentions the parser found; gives :class:`Event` objects: what happened
(an ACLED event type from a trigger word), where (the mention the sentence
locates it at), when (a :class:`Period` read from the sentence and the
publication date) and who (actor and target from the party lexicon), with the
sentence, the trigger and the reasons.

Modules: :mod:`~geo.events.extracting` (the rules that make a sentence an
event), :mod:`~geo.events.triggers` and :mod:`~geo.events.parties` (the
editable CSV lexicons in ``lexicons/``, loaded by
:mod:`~geo.events.lexicons`) and :mod:`~geo.events.dating` (publication
dates and Arabic date expressions).

It uses :mod:`geo.text` and :mod:`geo.parse`; it never imports the store,
ingest or the web helpers.
"""
from geo.events.dating import EARLIEST, PRECISIONS, EventDate, Period, event_date, implausible, parse_published
from geo.events.extracting import Event, EventExtractor
from geo.events.incidents import group_reports
from geo.events.parties import Parties, Party
from geo.events.parties import load as load_parties
from geo.events.triggers import EVENT_TYPES, SUB_EVENT_TYPES, Triggers
from geo.events.triggers import load as load_triggers

__all__ = ["EARLIEST", "EVENT_TYPES", "PRECISIONS", "Event", "EventDate", "EventExtractor", "Parties", "Party", "Period",
           "SUB_EVENT_TYPES", "Triggers", "event_date", "group_reports", "implausible", "load_parties", "load_triggers", "parse_published"]
