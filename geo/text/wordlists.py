"""Curated Arabic word lists the matcher and resolver use.

All entries are written plainly here and normalised on import (see
:func:`geo.text.normalizing.normalize`), so they can be edited without worrying
about hamza or ta marbuta spellings.
"""
from __future__ import annotations

from geo.text.normalizing import normalize, word_set


#: Words that announce a place name after them, with the feature classes they favour.
CUES = {}
for _words, _classes in [
    ("مدينة مدينتي مدينتا مدن بلدة بلدتي بلدات قرية قريتي قرى العاصمة عاصمة ضاحية ضواحي حي أحياء "
     "مخيم مخيمات محلة قطاع", "P"),
    ("منطقة منطقتي مناطق محافظة محافظتي محافظات ولاية ولايات إقليم أقاليم مقاطعة قضاء ناحية مديرية "
     "مركز شعبية بلاد دولة", "AP"),
    ("مطار ميناء قاعدة مستشفى منشأة منشأتي مفاعل معبر سجن جامعة مرفأ محطة معسكر معسكرات", "S"),
    # Squares, streets and roundabouts of a town (ميدان الشهداء، شارع الجمهورية): the name after
    # them is the square's, and the word itself is no town (ميدان is the square, not Medan).
    ("ميدان ساحة شارع دوار", "S"),
    ("بحر نهر بحيرة خليج مضيق", "H"),
    ("جبل جبال وادي سهل جزيرة جزر صحراء شبه", "TL"),
    ("شمال جنوب شرق غرب شمالي جنوبي شرقي غربي وسط شمالا جنوبا شرقا غربا محيط ضواحي أطراف "
     "قرب بالقرب قرابة داخل خارج أنحاء", ""),
]:
    for _w in _words.split():
        CUES[normalize(_w)] = _classes

#: Squares, streets and roundabouts: the name after one is the square's or the street's, never the
#: town or country it may share a name with (ميدان الشهداء، شارع بغداد في دمشق، شارع فلسطين).
URBAN_CUES = word_set("ميدان ساحة شارع دوار")

#: Words of facilities whose name can contain a city (مستشفى طرابلس المركزي).
FACILITY_CUES = word_set("مستشفى مطار ميناء جامعة سجن معبر محطة قاعدة منشأة مفاعل معسكر")

#: Facilities named by the word and what follows it (معهد الأورام، مستشفى الروم، سد الوالة، مقبرة
#: صبحان، المستشفى المركزي): the facility is a place where something happens, in the town it is in.
#: Not the ones already read as cue words of unlisted places (مطار، سجن، قاعدة...), and not those
#: whose name is mostly an institution's or a person's (جامعة القاهرة، مسجد عمر) or a market's (السوق المالية).
FACILITIES = word_set("مستشفى معهد مجمع سد جسر نفق مقبرة مبنى فندق مصفاة مصنع استاد")
#: Of those, the ones whose definite form with an adjective names one facility (المستشفى الميداني).
DEFINITE_FACILITIES = word_set("مستشفى معهد")

#: Titles before a person's name (الرئيس حسن روحاني). A minor place right after
#: one is taken for a name; a capital or a big city is not (زار الوزير طرابلس).
TITLES = word_set(
    "الرئيس رئيس السيد السيدة الشيخ الأمير الأميرة الملك الملكة المشير الجنرال الدكتور د. الوزير "
    "وزير النائب العقيد اللواء الفريق العميد الإمام آية المرشد الزعيم القائد الرائد النقيب "
    "المستشار البابا الكاردينال المطران الحاج "
    "المطرب المطربة مطرب مطربة الفنان الفنانة الممثل الممثلة اللاعب لاعب المدرب الكاتب الكاتبة "
    "الشاعر الإعلامي الإعلامية النجم النجمة المخرج الداعية الناطق المتحدث الصحفي "
)

#: Given names and name parts after which a "place" is part of a person's name
#: (محمد مرسي، عبد الله، أبو ظبي is matched whole before this applies).
NAME_PARTS = word_set(
    "أبو أبي أبا ابن بن بنت عبد عبدالله الله "
    "محمد أحمد علي حسن حسين محمود خالد عمر عمرو سعد سعيد يوسف إبراهيم مصطفى جمال سمير طارق "
    "كمال عادل هشام وليد ماهر فؤاد نبيل صالح سليمان سلمان فهد فيصل ناصر نصر جورج ميشال ميشيل "
    "جون جيمس ديفيد دونالد باراك هيلاري كوندوليزا توني نيكولا فلاديمير خليفة مسعود رجب "
)
PERSON_BEFORE = TITLES | NAME_PARTS

#: Words after which a "place" is a person's surname, or a club's or firm's name.
PERSON_AFTER = word_set("بن ابن يونايتد سيتي ستي هوتسبير")

#: Names that are not places in news text, whatever the gazetteer says:
#: people, organisations and media (الحرة is the TV channel).
NOT_PLACES = word_set(
    "المدينة أن إن حفتر خامنئي الحرة رويترز ترامب أوباما بوش كلينتون روحاني ظريف نتنياهو عباس هنية "
    "نصرالله الأسد مرسي السيسي حماس طالبان داعش أنان عنان بلير رايس سولانا فيرجسون بشار "
    "ليوناردو بري شيراك ساركوزي ميركل بوتين يلتسين شارون أولمرت نوكيا فاشن فيلم مسجد "
    "البلاد"            # "the country" in nearly every news story, not the village Al Bilad
    " كورونا كوفيد"     # the virus since 2020 (wordfreq's counts are older), not Corona, California
)

#: Names that are places but far more often ordinary words: accepted only with support
#: (a cue word, a qualifier or a place right beside them).
COMMON_WORDS = word_set(
    "بين إلى الى كان الجمعة الخميس السبت الأحد الاثنين الثلاثاء الأربعاء الجديد الجديدة "
    "نسمة الحرة العين صور السلام النصر الأمل الوحدة الحرية الشمال الجنوب الشرق الغرب "
    "الوسط الوطن الدولة الحياة النور الفجر الشعب الثورة الخير البلد الساحل الجبل الوادي البحر "
    "المنطقة المركز القرية العاصمة الأول الثاني الثالث السلطة الرئيس الملك الأمير العرب "
    "البلاد بلاد عرب الجزيرة العربية القاعدة فتح الحياة النهار القائم الكبرى كورونا "
    "كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين يناير فبراير مارس أبريل مايو "
    "يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر عسير ينبع "
)

#: Words before a name that make it part of an organisation's, a team's or a
#: virus's name (صحيفة نيويورك تايمز، ريال مدريد، فيروس كورونا): not a place mention.
ORG_BEFORE = word_set(
    "صحيفة جريدة مجلة وكالة قناة إذاعة تلفزيون راديو نادي فريق منتخب ريال أتلتيكو إنتر "
    "بنك مصرف شركة حزب حركة فيروس وباء جائحة لقاح"
)

#: Sports words: in a sentence with one, a city's name is often its club (برشلونة، ليفربول).
SPORTS = word_set(
    "مباراة المباراة مباريات الدوري دوري كأس بطولة البطولة منتخب المنتخب نادي النادي فريق الفريق "
    "لاعب اللاعب لاعبي المدرب مدرب هدف هدفا أهداف الأهداف سجل فاز الفوز تعادل التعادل خسر الملعب "
    "ملعب الشوط نهائي النهائي الموسم بطل البطل الصدارة المرمى ركلة جزاء"
)

#: Honorific epithets that follow a city's name (مكة المكرمة، المدينة المنورة): the
#: mention is the name without them.
EPITHETS = word_set("المكرمة المنورة المقدسة الشريف")

#: Words that open a reported clause ("said that ..."): what follows is the
#: report, so a date or a reporting organisation before them is not the event's.
COMPLEMENTIZERS = word_set("إن أن بأن بأنه أنه إنه أنها إنها بأنها أنهم إنهم بأنهم")


#: Attached pronouns, normalised (غاراتها، قصفه، دعوتهم): endings a word may carry that a lexicon
#: need not list.
PRONOUNS = ("هما", "هم", "هن", "ها", "كم", "نا", "ه")
