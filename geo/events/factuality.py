"""Is a sentence with a trigger and a place the report of an incident? ACLED's exclusions, as rules.

ACLED codes specific incidents reported as fact. It does not code history
(more than about two weeks before publication), what an expert or analyst
argues, what is said at a meeting or a visit, plans, threats and
predictions, calls and demands, reactions to an incident reported elsewhere
(condemnation, condolences), generic ongoing situations ("attacking Tripoli
for over a year"), talks between governments, statements, or a war named as
a whole ("the war in Yemen"). Nor does it place an incident at a whole
country when the text gives no finer place. :func:`not_an_incident` says which of these a candidate event
is, or None when it is an incident.

The rules read only the candidate's own sentence, mostly before its
trigger: the words that make a clause a plan or a reaction govern what
follows them.
"""
from __future__ import annotations

import datetime as dt
import functools

from geo.text import Token, clitic_stems, normalize, word_set, wordlists

#: An incident dated more than this before the article's publication is history (ACLED: about two weeks).
HISTORY_DAYS = 14
#: Whole countries (GeoNames feature codes): not where an incident happened.
COUNTRIES = frozenset({"PCLI", "PCL", "PCLD", "PCLF", "PCLS", "PCLIX"})
#: Types that are violence or a gathering: these need a real place and a real, past occurrence.
INCIDENT_TYPES = frozenset({"battles", "explosions_remote_violence", "violence_against_civilians",
                            "protests", "riots"})

PLAN_WORDS = word_set(
    "سوف قريبا قريباً المقرر المتوقع المنتظر المزمع المرتقب المرتقبة يعتزم تعتزم تعتزمان يعتزمون "
    "يخطط تخطط خطط خطة يستعد تستعد استعداد استعدادا استعدادات يهدد تهدد هدد هددت تهديد تهديدات "
    "تتوعد يتوعد توعد توعدت ينوي تنوي نية يسعى تسعى ستسعى يريد تريد "
    "حذر حذرت يحذر تحذر تحذير تحذيرات محذرا محذرة سمح سمحت يسمح تسمح السماح")
#: A call or a demand is not what it calls for (a call for a ceasefire is no ceasefire), whatever the type.
CALL_WORDS = word_set("دعا دعت يدعو تدعو دعوة طالب طالبت يطالب تطالب مطالبة ناشد ناشدت يناشد تناشد "
                      "طلب طلبت يطلب تطلب نداء نداءات "
                      "حث حثت يحث تحث يجب ينبغي")
#: A situation going on for a while, not an incident: "attacking Tripoli for over a year", "recurring shelling".
ONGOING_WORDS = word_set("منذ تتكرر يتكرر متكررة المتكررة يزال تزال يزالون زال زالت مازال مازالت")
ONGOING_AFTER = 8            # tokens after the trigger where منذ still qualifies it
REACTION_WORDS = word_set(
    "تدين يدين أدان أدانت ندد نددت يندد تندد استنكر استنكرت يستنكر تستنكر شجب شجبت يشجب تشجب "
    "دانت إدانة ادانة استنكار تنديد عزى عزت يعزي تعزي تعزية تعازي")
#: Who gives analysis or opinion: what they say is not the report of an incident.
ANALYSIS_WORDS = word_set("خبير الخبير خبراء الخبراء محلل المحلل محللون المحللون محللين المحللين باحث الباحث "
                          "يرى ترى يرون "
                          "الكاتب كاتب المفكر")
#: A meeting or a visit: what is said there is not the report of an incident there.
MEETING_WORDS = word_set("لقاء لقائه لقائها اجتماع اجتماعه اجتماعها التقى التقت استقبل استقبلت زيارة زيارته "
                         "مؤتمر مؤتمرا المؤتمر ندوة")
#: Strategic developments that happen between two sides: ACLED codes them between the sides of a
#: conflict (adversaries in the party lexicon), not talks between governments in general.
BETWEEN_SIDES = frozenset({"negotiations", "agreement", "ceasefire"})
#: A trial, a confession or a charge is about an incident told before, not its report.
JUDICIAL_WORDS = word_set("متهم المتهم متهمون المتهمون متهمين المتهمين المتهمان المتهمة محاكمة المحاكمة "
                          "محاكمته محاكمتهم المحكمة محكمة القضاء أقر أقرت اعترف اعترفت اعترافات "
                          "الادعاء المدعي لائحة مدان المدانين")
#: Words that set a clause at a time named before (وحينها، آنذاك), an anniversary (ذكرى، في مثل هذا
#: اليوم) or the background of another story (على خلفية): a flashback, not the news.
THEN_WORDS = word_set("حينها وحينها آنذاك انذاك حينذاك وقتها يومها حينئذ ذكرى الذكرى بذكرى خلفية")
#: A time gap before or after the trigger (قبل أشهر، بعد أقل من شهر على): an earlier incident recalled.
GAP_WORDS = word_set("قبل بعد")
GAP_UNITS = word_set("شهر أشهر شهرين شهور أسابيع أسبوعين عام عامين أعوام سنة سنتين سنوات عقد عقود")
GAP_SPAN = 4                 # tokens between قبل/بعد and the unit (بعد أقل من شهر)
#: After بعد even days make a gap (بعد أيام على تحرير عدن); قبل أيام is recent news.
GAP_AFTER_UNITS = GAP_UNITS | word_set("أيام يوما يومين أسبوع أسبوعا")
#: Before a control trigger, a state, not a change: تحت سيطرة (under the control of).
STATE_WORDS = word_set("تحت")
#: «استهدف» is also "aimed at" (ورشة عمل استهدفت مستفيدات): it is an attack only with a party or
#: one of these words in the sentence.
_AIM = normalize("استهدف")
VIOLENCE_WORDS = word_set("قتل قتلى مقتل قتيل قتيلا جرح جرحى جريح إصابة إصابات اصابة مصرع مسلح مسلحون مسلحين "
                          "المسلحين هجوم الهجوم هجمات قصف غارة غارات قذيفة قذائف صاروخ صواريخ عبوة انفجار "
                          "تفجير ميليشيا ميليشيات مليشيات الميليشيات المليشيات القوات قوات مواقع موقع تجمع "
                          "تجمعا دورية نقطة حاجز مقر معسكر ثكنة رتل عسكري عسكرية")
#: Relative pronouns: a development told in a relative clause describes a participant (المتمردين الذين
#: انسحبوا من الحوطة) rather than reports the news.
RELATIVES = word_set("الذي التي الذين اللذين اللتين اللواتي اللاتي")
#: Verbs that conclude an agreement: without one (or a date of its own) «الاتفاق» refers to a known deal.
CONCLUDE_WORDS = word_set("وقع وقعت وقعا توقيع توصل توصلت توصلا التوصل أبرم أبرمت إبرام اتفق اتفقت اتفقا "
                          "أعلن أعلنت أعلنا")
#: Nouns that name a war or a campaign as a whole: an incident only with a date of its own.
WAR_NOUNS = word_set("حرب الحرب معركة المعركة حروب الحروب")


def not_an_incident(event, tokens: list[Token], lo: int, hi: int, published) -> str | None:
    """Why the candidate event is not an incident ACLED would code, or None.

    Parameters
    ----------
    event : geo.events.extracting.Event
        The candidate (type, place, trigger, date).
    tokens : list of geo.text.Token
        The article's tokens; the sentence is ``tokens[lo:hi]``.
    published : geo.events.Period or None
        The article's publication date.
    """
    trig = event.trigger
    words = tokens[lo:trig.first]
    before = [_forms(t.norm) for t in words]
    if _history(event, published):
        return f"history: dated {event.date.period.iso()}, more than {HISTORY_DAYS} days before publication"
    if _coarse(event):
        return f"dated only to a {event.date.period.precision} ({event.date.text}): a summary, not an incident"
    if _after_publication(event, published):
        return f"dated {event.date.period.iso()}, after the article was published: not something that happened"
    if word := _first(before, ANALYSIS_WORDS):
        return f"analysis or opinion («{word}» speaks), not a report"
    if event.event_type in INCIDENT_TYPES and (word := _first(before, PLAN_WORDS) or _future_verb(words)):
        return f"a plan, threat or prediction («{word}» before the trigger)"
    if word := _first(before, MEETING_WORDS):
        return f"a meeting or a visit («{word}»), not an incident"
    if word := _first(before, CALL_WORDS):
        return f"a call or a demand («{word}»), not an incident"
    if (word := _first(before, REACTION_WORDS)) and not _dated_news(event, published):
        return f"a reaction to an incident («{word}»), not its report"
    if word := _first(before, JUDICIAL_WORDS):
        return f"a trial, charge or confession («{word}»): an incident told before, not its report"
    if (word := _first(before, THEN_WORDS)) or (word := _anniversary(words)):
        return f"a flashback, an anniversary or a background («{word}»), not the news"
    if gap := _time_gap(tokens, lo, min(hi, trig.last + 1 + ONGOING_AFTER)):
        return f"an earlier incident recalled («{gap}»)"
    if year := _old_year(tokens[lo:trig.first], published):
        return f"history: the year {year}"
    if trig.first > lo and clitic_stems(tokens[trig.first - 1].norm) & STATE_WORDS:
        return "a state of control («تحت»), not a change of control"
    after = [_forms(t.norm) for t in tokens[trig.last + 1:min(hi, trig.last + 1 + ONGOING_AFTER)]]
    if event.date.basis != "sentence" and (word := _first(before + after, ONGOING_WORDS)):
        return f"an ongoing or recurring situation («{word}»), not one incident"
    if event.place.feature in COUNTRIES and event.sub_event_type not in BETWEEN_SIDES:
        return f"placed only at a whole country ({event.place.text}): no finer place given"
    if event.event_type == "strategic_developments" and \
            any(clitic_stems(t.norm) & RELATIVES for t in tokens[max(lo, trig.first - 2):trig.first]):
        return "a relative clause describing someone (الذين انسحبوا): background, not the news"
    if trig.value.phrase.startswith(_AIM) and not event.parties and not any(
            _forms(t.norm) & VIOLENCE_WORDS for t in tokens[lo:hi]):
        return "«استهدف» (aimed at) with no party and nothing violent around it: not an attack"
    if event.sub_event_type in BETWEEN_SIDES and not _sides(event.parties):
        return "talks or an agreement with no two sides of a conflict named: diplomacy, not an incident"
    if event.sub_event_type == "agreement" and event.date.basis not in ("sentence", "lead") and not any(
            _forms(t.norm) & CONCLUDE_WORDS for t in tokens[lo:hi]):
        return "an agreement named, not concluded here and now (الاتفاق مع إيران): a reference"
    if _forms(tokens[trig.first].norm) & WAR_NOUNS and event.date.basis != "sentence":
        return "a war or campaign named as a whole, with no date of its own"
    return None


#: Attached pronouns (normalised): ادانتها، دعوته، استنكارهم are إدانة، دعوة، استنكار.


@functools.lru_cache(maxsize=65536)
def _forms(norm: str) -> frozenset[str]:
    """A normalised word's readings: itself, without clitic prefixes, and without an attached pronoun.

    Before a pronoun, ta marbuta is written ت (إدانة -> إدانتها): the bare
    form gets its ة back (normalised: ه).
    """
    forms = set(clitic_stems(norm)) | {norm}
    for stem in list(forms):
        for suffix in wordlists.PRONOUNS:
            bare = stem[:-len(suffix)]
            if stem.endswith(suffix) and len(bare) >= 3:
                forms.add(bare)
                if bare.endswith("ت"):
                    forms.add(bare[:-1] + "ه")
    return frozenset(forms)


def _dated_news(event, published) -> bool:
    """The sentence itself dates the incident to the day of publication or the day before (اليوم، أمس):
    a condemnation that says so is also the news of the incident."""
    period = event.date.period
    if event.date.basis != "sentence" or period is None or published is None or period.precision != "day":
        return False
    return dt.timedelta(0) <= published.start - period.start <= dt.timedelta(days=1)


def _anniversary(words: list[Token]) -> str | None:
    """«في مثل هذا اليوم» (on this day, years ago) before the trigger, or None."""
    norms = [t.norm for t in words]
    for i in range(len(norms) - 2):
        if norms[i].endswith("مثل") and norms[i + 1] == "هذا" and norms[i + 2] in ("اليوم", "الشهر", "الاسبوع"):
            return "في مثل هذا " + norms[i + 2]
    return None


def _time_gap(tokens: list[Token], lo: int, hi: int) -> str | None:
    """«قبل أشهر»، «بعد أقل من شهر على» in ``tokens[lo:hi]``, or None."""
    for i in range(lo, hi):
        if stems := clitic_stems(tokens[i].norm) & GAP_WORDS:
            units = GAP_AFTER_UNITS if normalize("بعد") in stems else GAP_UNITS
            for j in range(i + 1, min(hi, i + 1 + GAP_SPAN)):
                if _forms(tokens[j].norm) & units:
                    return " ".join(t.text for t in tokens[i:j + 1])
    return None


def _old_year(words: list[Token], published) -> int | None:
    """A year before the publication's: a number after عام/سنة/العام (في عام 1956، عام 1219), or a
    four-digit number from 1900 on standing alone (بين 1983 و1984)."""
    if published is None:
        return None
    for prev, t in zip([None, *words], words):
        digits = t.text.lstrip("و")
        if not (digits.isdigit() and len(digits) == 4):
            continue
        year = int(digits)
        after_year_word = prev is not None and prev.norm.lstrip("وف") in ("عام", "العام", "سنه", "السنه")
        if (600 if after_year_word else 1900) <= year < published.start.year:
            return year
    return None


def _sides(parties) -> bool:
    """True if two of the parties are adversaries (the lexicon's ``adversaries`` column)."""
    return any(a.opposes(b) for i, a in enumerate(parties) for b in parties[i + 1:])


def _coarse(event) -> bool:
    """The sentence dates it to a month or a year (الشهر الماضي، في يوليو): news tells an incident's day."""
    period = event.date.period
    return event.date.basis == "sentence" and period is not None and period.precision in ("month", "year")


def _after_publication(event, published) -> bool:
    period = event.date.period
    if event.date.basis != "sentence" or period is None or published is None:
        return False
    return period.start > published.end + dt.timedelta(days=1)


def _history(event, published) -> bool:
    period = event.date.period
    if event.date.basis != "sentence" or period is None or published is None:
        return False
    return period.end < published.start - dt.timedelta(days=HISTORY_DAYS)


def _first(before: list[set], words: frozenset) -> str | None:
    return next((w for stems in before for w in stems & words), None)


def _future_verb(words: list[Token]) -> str | None:
    """A verb with the future prefix س (ستبدأ، سيقوم، وسنواصل), told from سيارة or سيطرة by its stem.

    The word less its س must itself be a common present-tense verb form
    (starting ي ت ن أ) while the whole word is rarer: ``wordfreq`` decides.
    """
    for t in words:
        word = t.text[1:] if t.text[:2] in ("وس", "فس") else t.text
        if len(word) >= 5 and word[0] == "س" and word[1] in "يتنأ" and _is_future(word):
            return t.text
    return None


@functools.lru_cache(maxsize=65536)
def _is_future(word: str) -> bool:
    from wordfreq import zipf_frequency

    rest = word[1:]
    return zipf_frequency(rest, "ar") >= 3.0 and zipf_frequency(rest, "ar") > zipf_frequency(word, "ar")
