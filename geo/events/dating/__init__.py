"""Publication dates with a precision, and the dates of events in Arabic news.

Arabic relative dates ("فجر الجمعة", "نهاية الشهر الماضي") defeat
general-purpose parsers, so this module is rule-based and uses only the
standard library.

Periods
-------
A :class:`Period` is an inclusive range of days with a precision: ``day``,
``week``, ``month`` or ``year``; an unknown date is ``None``. Weeks run
Monday to Sunday (ISO 8601): ``الأسبوع الماضي`` in an article published on
Friday 2020-05-15 is 2020-05-04/2020-05-10.

Publication dates
-----------------
:func:`parse_published` reads ``YYYY-MM-DD`` (also with ``/`` or ``.``),
``YYYY-MM``, ``MM/YYYY``, ``YYYY``, ISO datetimes with or without a time
zone (the date as written is kept: no conversion to UTC), day-first
``DD/MM/YYYY``, ``DD-MM-YYYY`` and ``DD.MM.YYYY`` (as in Arab media), RFC 2822
(``Thu, 14 May 2020 10:00:00 +0000``) and a written Arabic date
(``14 مايو 2020``, ``مايو 2020``). Arabic-Indic digits are read as ASCII.

Date expressions
----------------
:func:`find_date_expressions` works on the normalised text (see
:mod:`geo.text.normalizing`) and reports offsets in the original text. The first
word of an expression may carry the clitics و ف (وأمس، ومساء), and ب ل
before the article (بالأمس، بالجمعة) or before عام, هذا, شهر and نهاية/مطلع
(لعام 2015، لهذا العام، بنهاية الشهر), never before another word (لامس and
بأمس are not أمس). The clitics are left out of the reported span, except
in the لل form (للعام الماضي), where the article's lam is the second one.

* Day parts: فجر صباح ظهر (بعد ظهر: afternoon) عصر مساء ليل ليلة before a
  weekday, اليوم, أمس, غد, or a day and month. Alone, only the forms that
  cannot be a name or a verb are read: مساءً (not مساء الخير), the adverbs
  صباحا فجرا ظهرا عصرا ليلا, and الصباح/المساء/الليل/الفجر/الظهر/العصر after
  a preposition or a demonstrative (في الصباح، بعد الظهر، هذا المساء).
  فجر (a verb), صباح (a name) and ظهر (a verb) are never read alone.
* Eve rule: in Arabic usage a night belongs to the day that follows it, so
  ``ليلة الجمعة`` is Thursday night (Thursday, ``night``). A pair names the
  night that joins two days and means the first one: ``ليلة الخميس إلى
  الجمعة``, ``ليلة الخميس-الجمعة``, ``ليل الخميس الجمعة`` are Thursday
  night. ``ليل الخميس`` (ليل, not ليلة) is the night of Thursday itself.
* Weekdays: الأحد ... السبت, also after يوم. A bare weekday is the most
  recent such day on or before the publication date (news reports the
  past); after الماضي/الماضية/المنصرم/الفائت it is strictly before, after
  المقبل/القادم strictly after (قبل الماضي, بعد القادم: one more week). When
  the sentence has a future marker before the weekday (من المقرر، من
  المنتظر، من المتوقع، المرتقب، تعتزم، سوف، سـ or أن before a present verb
  such as ستنطلق، أن تبدأ) a bare weekday is the next such day on or after
  the publication date. A day and month after the weekday (الجمعة، الموافق 14
  مايو) take over. Not read: أبو جمعة and other names after أبو/بن/سوق/مسجد
  (سوق الجمعة in Tripoli), السبتي, الجمعية, الجمعة العامة, الأحد عشر
  (eleven), بين الاثنين (between the two).
* Relative days: اليوم (not اليوم الوطني, ذلك اليوم, في اليوم "per day",
  «اليوم» and عين اليوم the newspapers, اليومية), أمس/الأمس/البارحة (not لامس,
  بأمس, أمسية), أول أمس/أول من أمس/أمس الأول/البارحة الأولى, غدا, يوم غد,
  بعد غد, الليلة (tonight: publication day, night), الليلة الماضية and
  ليلة أمس (last night), الليلة قبل الماضية. A weekday right after one (أمس
  الخميس, اليوم (الخميس)) is absorbed.
* Relative weeks, months, years: الأسبوع/الشهر/العام/السنة followed by
  الماضي/المنصرم/الفائت (previous), قبل الماضي (two back), المقبل/القادم
  (next), الجاري/الحالي (current), or preceded by هذا/هذه. After a title
  (المدير العام الحالي, الأمين العام) العام is "general", not a year. An edge word
  (مطلع، بداية، أوائل، منتصف، أواسط، أواخر، نهاية، ختام، مستهل) may come first
  and is part of the expression (نهاية الشهر الماضي: the previous month, at
  month precision); with an edge word a bare unit is the current one (مطلع
  الشهر, منذ بداية هذا العام).
* Absolute dates: numeric ``14/5/2020`` (day first), ``2020-05-14``; ``14
  مايو 2020``, ``الجمعة 14 مايو``, ``مايو/أيار 2020``, ``أبريل2016م``, ``في
  أكتوبر 2023`` (month), ``شهر مايو`` or a month name after في/خلال/منذ/حتى
  (month, year from the publication date), ``عام 2015``, ``سنة 2015``, and
  ``2015`` after في/منذ/خلال/حتى or an edge word. Years are four digits
  from 1900 to 2100, never followed by the Hijri mark هـ (1437هـ) or by a
  counted noun (في 2015 شخصا). Gregorian month names of both series are
  read (يناير ... ديسمبر, كانون الثاني ... كانون الأول) and the Maghrebi ones
  (جانفي، فيفري، أفريل، ماي، جوان، جويلية، أوت); Hijri dates are skipped.
  A day and month without a year take the year that puts them nearest to
  the publication date (on or after it when the sentence is about the
  future); with الماضي/المقبل it is the previous/next such date, with
  الجاري/الحالي the one in the publication year. Both names may be given
  (مايو/أيار, أيار (مايو), يوليو تموز).
* Durations are not dates: منذ أكثر من سنة, الأيام الماضية.

Resolution
----------
Relative days, day parts and weekdays need a day-precision publication
date, relative weeks a day or week precision, relative months a day, week
or month precision, relative years any precision; absolute dates need none
(a day and month without a year need one of any precision). When the
publication date is not precise enough the event inherits the publication
period and the note says why. An approximate publication date makes every
date computed from it approximate.

Events
------
:func:`event_date` looks only inside the sentence, keeps the expressions
not separated from the trigger by a complementizer (إن، أن، بأن، بأنه، أنه،
إنه، أنها ... as separate words: reported speech belongs to another event;
أن after من المقرر/المتوقع/المنتظر or بعد/قبل/حتى/منذ is not a barrier), and
takes the nearest one (the earlier on a tie). With none, the event inherits
the publication date (basis ``article``) or has no date (basis ``none``).

The work is split by step: :mod:`~geo.events.dating.periods` (:class:`Period` and
calendar helpers), :mod:`~geo.events.dating.published` (publication dates),
:mod:`~geo.events.dating.vocabulary` (the word lists), :mod:`~geo.events.dating.tokenizing`
(the token stream the parsers read), :mod:`~geo.events.dating.expressions` (finding
date expressions), :mod:`~geo.events.dating.absolute` and
:mod:`~geo.events.dating.relative` (the parsers of absolute and of relative
expressions), :mod:`~geo.events.dating.resolving` (an expression against the
publication date) and :mod:`~geo.events.dating.sentence` (the date of an event).
"""
from __future__ import annotations

from geo.events.dating.expressions import DateExpression, find_date_expressions
from geo.events.dating.periods import EARLIEST, PRECISIONS, Period, implausible
from geo.events.dating.published import parse_published
from geo.events.dating.sentence import EventDate, event_date, lead_date

__all__ = [
    "EARLIEST", "PRECISIONS", "Period", "implausible", "parse_published", "DateExpression",
    "find_date_expressions", "EventDate", "event_date", "lead_date",
]
