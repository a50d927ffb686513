"""Event triggers: the words that make a sentence an incident, and their type.

The taxonomy follows ACLED's event types; the Arabic trigger words are an
editable lexicon (``geo/events/lexicons/triggers.csv``; the ``triggers_file``
setting points at an edited copy). A trigger does not count when the
sentence denies or only imagines the incident:

* negated: لم / لن / لا / عدم / دون just before it (but لا يزال "still" is not);
* hypothetical: after إذا / لو / في حال in the sentence, or right after
  خطر / احتمال / تهديد / التخطيط (خطر اندلاع الحرب، التخطيط لاستهداف);
* the object of a cessation (وقف الأعمال القتالية is a ceasefire, not a battle);
* a takeover or talks that failed or were thwarted (إفشال سيطرة العدو، فشلت جولة المفاوضات);
* figurative: an explosion of a crisis or a phenomenon (انفجار الأزمة); an aircraft that crashed
  (سقطت طائرة استطلاع) is no air strike.
"""
from __future__ import annotations

from dataclasses import dataclass

from geo.exc import ConfigurationError
from geo.events import lexicons
from geo.events.lexicons import path_of, read_rows
from geo.text import Found, Token, clitic_stems, word_set

#: Event types: id -> (English label, Arabic label, colour).
EVENT_TYPES = {
    "battles": ("Battles", "اشتباكات", "#d62728"),
    "explosions_remote_violence": ("Explosions/Remote violence", "قصف وتفجيرات", "#ff7f0e"),
    "violence_against_civilians": ("Violence against civilians", "عنف ضد المدنيين", "#9467bd"),
    "protests": ("Protests", "احتجاجات", "#2ca02c"),
    "riots": ("Riots", "أعمال شغب", "#8c564b"),
    "strategic_developments": ("Strategic developments", "تطورات استراتيجية", "#1f77b4"),
}
#: The sub-event types an analyst may give each type (ACLED's, with the lexicon's own).
SUB_EVENT_TYPES = {
    "battles": ("armed_clash", "attack", "territory_change", "government_regains_territory",
                "non_state_actor_overtakes_territory"),
    "explosions_remote_violence": ("air_drone_strike", "shelling_artillery_missile", "remote_explosive", "suicide_bomb",
                                   "grenade", "chemical_weapon", "remote_violence"),
    "violence_against_civilians": ("attack", "abduction", "sexual_violence"),
    "protests": ("peaceful_protest", "protest_with_intervention", "excessive_force_against_protesters"),
    "riots": ("violent_demonstration", "mob_violence"),
    "strategic_developments": ("agreement", "arrests", "ceasefire", "negotiations", "change_to_group_activity",
                               "looting_property_destruction", "disrupted_weapons_use",
                               "headquarters_or_base_established", "non_violent_transfer_of_territory", "other"),
}
#: When one place has triggers of several types, the first type listed wins.
TYPE_PRIORITY = tuple(EVENT_TYPES)


NEGATIONS = word_set("لم لن لا عدم دون بدون ليس ليست مستحيل يستحيل")
NOT_NEGATION_AFTER = word_set("يزال تزال يزالون زال زالت")
CONDITIONALS = word_set("إذا اذا لو حال")
RISK_WORDS = word_set("خطر خطورة احتمال احتمالات تهديد مخاوف لتجنب تجنب منع لمنع شبح "
                        "التخطيط يخطط تخطط يخططون مخطط بصدد")
CESSATIONS = word_set("وقف الوقف إنهاء انهاء تعليق")
#: A takeover or talks that failed or were thwarted did not happen as such; a failed attack did.
FAILURES = word_set("فشل فشلت إفشال أفشل أفشلت أحبط أحبطت إحباط")
THWARTABLE = frozenset({"territory_change", "negotiations", "agreement"})
#: After an explosion word, these make it a figure of speech (انفجار الأزمة، انفجار سكاني).
FIGURATIVE_AFTER = word_set("ظاهرة الظاهرة أزمة الأزمة الوضع الأوضاع الغضب غضب ثورة فقاعة الفقاعة الأسعار "
                            "سكاني السكاني السكانية سكانية")
#: An aircraft that fell or crashed is no air strike.
CRASHES = word_set("سقطت سقوط تحطم تحطمت تحطمها سقوطها")


@dataclass(frozen=True)
class Trigger:
    """A trigger word of the lexicon."""

    phrase: str
    event_type: str
    sub_event_type: str
    weight: float


class Triggers:
    """The trigger lexicon, ready to find triggers in tokens.

    Parameters
    ----------
    path : str or Path, optional
        A CSV with columns phrase, event_type, sub_event_type, weight.
        Default: the ``triggers_file`` setting, else the built-in lexicon.

    Raises
    ------
    ConfigurationError
        A bad row (unknown event type, weight not in (0, 1]), named by file and line.
    """

    def __init__(self, path=None):
        path = path or path_of("triggers_file", "triggers.csv")
        entries = []
        for line, row in read_rows(path, ("phrase", "event_type", "sub_event_type", "weight")):
            entries.append((row["phrase"], _trigger(row, f"{path}:{line}")))
        self.index = lexicons.phrase_index(entries, path)

    def find(self, tokens: list[Token], lo: int, hi: int) -> list[Found[Trigger]]:
        """Triggers in ``tokens[lo:hi]`` that assert an incident (see the module notes)."""
        return [f for f in self.index.find(tokens, lo, hi) if not unreal(tokens, lo, f)]


def unreal(tokens: list[Token], lo: int, found: Found) -> str | None:
    """Why the trigger does not assert an incident (negated, hypothetical...), or None."""
    before = [clitic_stems(t.norm) for t in tokens[max(lo, found.first - 3):found.first]]
    for k, words in enumerate(before):
        nxt = before[k + 1] if k + 1 < len(before) else clitic_stems(tokens[found.first].norm)
        if words & NEGATIONS and not nxt & NOT_NEGATION_AFTER:
            return "negated"
    if any(words & RISK_WORDS for words in before[-2:]):
        return "hypothetical"
    if any(words & CESSATIONS for words in before) and found.value.event_type != "strategic_developments":
        return "ceased"
    if any(words & FAILURES for words in before) and found.value.sub_event_type in THWARTABLE:
        return "failed or thwarted"          # فشلت جولة المفاوضات، إفشال سيطرة العدو (a failed attack is still one)
    if any(clitic_stems(t.norm) & CONDITIONALS for t in tokens[lo:found.first]):
        return "hypothetical"
    nxt = tokens[found.last + 1].norm if found.last + 1 < len(tokens) else ""
    if found.value.event_type == "explosions_remote_violence" and clitic_stems(nxt) & FIGURATIVE_AFTER:
        return "figurative"                  # انفجار الأزمة، انفجار ظاهرة تصادم الهويات
    if found.value.sub_event_type == "air_drone_strike" and any(
            clitic_stems(t.norm) & CRASHES for t in tokens[max(lo, found.first - 5):found.first]):
        return "a crash"                     # سقطت طائرة استطلاع، تحطم طائرة: no strike
    return None



def _trigger(row, where) -> Trigger:
    if row["event_type"] not in EVENT_TYPES:
        raise ConfigurationError(f"{where}: event_type {row['event_type']!r} is not one of "
                                 f"{', '.join(EVENT_TYPES)}")
    try:
        weight = float(row["weight"])
    except ValueError as err:
        raise ConfigurationError(f"{where}: weight {row['weight']!r} is not a number") from err
    if not 0 < weight <= 1:
        raise ConfigurationError(f"{where}: weight {weight} is not in (0, 1]")
    return Trigger(row["phrase"], row["event_type"], row["sub_event_type"], weight)


def load(path=None) -> Triggers:
    """The trigger lexicon: ``path``, else the ``triggers_file`` setting (cached per file)."""
    return lexicons.load(Triggers, "triggers_file", "triggers.csv", path)
