"""The phrase matcher and the trigger and party lexicons (table-driven)."""
from __future__ import annotations

import pytest

from geo.events import parties as parties_mod, triggers as triggers_mod
from geo.exc import ConfigurationError
from geo.text.tokens import tokenize
from geo.text.phrases import PhraseIndex


@pytest.fixture(scope="module")
def trig():
    return triggers_mod.Triggers()


@pytest.fixture(scope="module")
def part():
    return parties_mod.Parties()


@pytest.mark.parametrize("phrases, text, found", [
    (["قصف"], "بالقصف", ["قصف"]),
    (["قصف"], "للقصف", ["قصف"]),
    (["قصف*"], "وقصفت الطائرات", ["قصف*"]),
    (["الأمم المتحدة"], "وللأمم المتحدة", ["الأمم المتحدة"]),
    (["سلاح الجو"], "سلاح الجوّ الليبي", ["سلاح الجو"]),
    (["سلاح الجو", "سلاح"], "سلاح الجو", ["سلاح الجو"]),        # longest wins
    (["هدنة"], "الهدنه", ["هدنة"]),                               # normalised spelling
    (["إطلاق النار"], "اطلاق النار", ["إطلاق النار"]),
    (["Haftar"], "forces of HAFTAR said", ["Haftar"]),
    (["قصف"], "قصفت", []),                                       # no * : whole word only
    (["طائرة مسيرة"], "طائرة ركاب", []),
    (["تفجير انتحاري"], "تفجيرًا انتحاريًّا", ["تفجير انتحاري"]),      # the accusative alif, any word
    (["غارات"], "وغاراتها", ["غارات"]),                             # an attached pronoun
    (["هجوم"], "هجومهم", ["هجوم"]),
    (["هجوم"], "هجو", []),                                          # too short to lose an ending
])
def test_phrase_index(phrases, text, found):
    index = PhraseIndex([(p, p) for p in phrases])
    assert [f.value for f in index.find(tokenize(text))] == found


def test_phrase_offsets_skip_clitics():
    text = "تعرض المستشفى للقصف"
    [f] = PhraseIndex([("قصف", 1)]).find(tokenize(text))
    assert text[f.start:f.end] in ("لقصف", "القصف")


@pytest.mark.parametrize("bad", ["", "   ", "ق*"])
def test_bad_phrase(bad):
    with pytest.raises(ValueError):
        PhraseIndex([(bad, 1)])


@pytest.mark.parametrize("text, event_type, sub_type", [
    ("اشتباكات عنيفة", "battles", "armed_clash"),
    ("المواجهات المسلحة مستمرة", "battles", "armed_clash"),
    ("قصف مدفعي", "explosions_remote_violence", "shelling_artillery_missile"),
    ("استهدف سلاح الجو آليات", "explosions_remote_violence", "remote_violence"),
    ("شنت طائرة مسيرة غارة", "explosions_remote_violence", "air_drone_strike"),
    ("انفجار سيارة مفخخة", "explosions_remote_violence", "remote_explosive"),
    ("اغتيال ناشط", "violence_against_civilians", "attack"),
    ("مظاهرات حاشدة", "protests", "peaceful_protest"),
    ("أعمال شغب", "riots", "violent_demonstration"),
    ("مفاوضات مباشرة", "strategic_developments", "negotiations"),
    ("وقف إطلاق النار", "strategic_developments", "ceasefire"),
])
def test_trigger_types(trig, text, event_type, sub_type):
    tokens = tokenize(text)
    found = trig.find(tokens, 0, len(tokens))
    assert found, text
    assert (found[0].value.event_type, found[0].value.sub_event_type) == (event_type, sub_type)


@pytest.mark.parametrize("text, why", [
    ("لم تسجل أي اشتباكات", "negated"),
    ("دون قصف", "negated"),
    ("خطر اندلاع الحرب", "hypothetical"),
    ("كانت بصدد التخطيط لاستهداف منشآت", "hypothetical"),
    ("إذا فشلت المفاوضات فإن الضربات العسكرية ستكون حتمية", "hypothetical"),
    ("بالوقف الفوري للأعمال القتالية", "ceased"),
])
def test_unreal_triggers(trig, text, why):
    tokens = tokenize(text)
    found = trig.index.find(tokens)
    assert any(triggers_mod.unreal(tokens, 0, f) == why for f in found)


@pytest.mark.parametrize("text", ["لا يزال المواطنون يسمعون أصوات القذائف",
                                  "وتتكرر عمليات سقوط القذائف الصاروخية"])
def test_real_triggers(trig, text):
    tokens = tokenize(text)
    assert trig.find(tokens, 0, len(tokens))


@pytest.mark.parametrize("text, country, expected", [
    ("استهدفت قوات حكومة الوفاق الوطني مواقع", None, ["gna"]),
    ("جنود حفتر", None, ["lna"]),
    ("الجيش الوطني الليبي", None, ["lna"]),
    ("مكتب منسق الشؤون الإنسانية التابع لبعثة الأمم المتحدة", None, ["un", "un"]),
    ("المرشد الإيراني علي خامنئي", None, ["iran", "iran"]),
    ("مع الولايات المتحدة وإسرائيل", None, ["us", "israel"]),
    ("هجوم شنته حركة حماس", None, ["hamas"]),
    ("في سلطنة عمان", None, ["oman"]),
    # context aliases: "the government" is the GNA only in a Libyan story
    ("مدفعية قوات الحكومة", "LY", ["gna"]),
    ("مدفعية قوات الحكومة", "SY", []),
    ("سلاح الجو التابع للحكومة", "LY", ["gna"]),
    ("Haftar's LNA", None, ["lna", "lna"]),
])
def test_parties_found(part, text, country, expected):
    tokens = tokenize(text)
    assert [f.value.id for f in part.find(tokens, 0, len(tokens), country)] == expected


def test_party_lexicon_has_the_seed_parties(part):
    assert {"gna", "lna", "un", "iran", "us", "israel", "hamas", "oman"} <= set(part.by_id)
    for p in part.by_id.values():
        assert p.colour.startswith("#") and len(p.colour) == 7 and p.name


@pytest.mark.parametrize("row, message", [
    ("x,X,,soldier,#123456,,a,", "kind"),
    ("x,X,,armed,red,,a,", "colour"),
    ("x,X,,armed,#123456,,,", "no aliases"),
    ("x,X,,armed,#123456,,a", "wrong number of fields"),
])
def test_bad_party_rows(tmp_path, row, message):
    path = tmp_path / "parties.csv"
    path.write_text("id,name,name_ar,kind,colour,countries,aliases,context_aliases\n" + row + "\n",
                    encoding="utf-8")
    with pytest.raises(ConfigurationError, match=f"parties.csv:2: .*{message}"):
        parties_mod.Parties(path)


@pytest.mark.parametrize("row, message", [
    ("قصف,bombing,x,1", "event_type"),
    ("قصف,battles,x,2", "weight"),
    ("قصف,battles,x,heavy", "weight"),
])
def test_bad_trigger_rows(tmp_path, row, message):
    path = tmp_path / "triggers.csv"
    path.write_text("phrase,event_type,sub_event_type,weight\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=f"triggers.csv:2: .*{message}"):
        triggers_mod.Triggers(path)


def test_lexicon_setting(monkeypatch, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("phrase,event_type,sub_event_type,weight\nزلزال,riots,quake,0.5\n", encoding="utf-8")
    monkeypatch.setenv("MARSAD_TRIGGERS_FILE", str(path))
    lex = triggers_mod.load()
    tokens = tokenize("وقع زلزال")
    assert [f.value.sub_event_type for f in lex.find(tokens, 0, 2)] == ["quake"]


def test_missing_lexicon_file(tmp_path):
    with pytest.raises(ConfigurationError, match="cannot read"):
        triggers_mod.Triggers(tmp_path / "nope.csv")


@pytest.mark.parametrize("text, published, parties", [
    ("اشتبكت قوات الحكومة مع مسلحين في مدينة مصراتة الليبية.", "2020-05-16", ["gna"]),
    ("اشتبكت قوات الحكومة مع مسلحين في مدينة مصراتة الليبية.", "2015-07-20", []),   # no GNA before December 2015
    ("قصفت قوات حفتر مواقع في مدينة مصراتة الليبية.", "2015-07-20", ["lna"]),
    ("اشتبكت قوات الحكومة مع الحوثيين في مدينة تعز اليمنية.", "2015-08-05", ["yemen_gov", "houthis"]),
    ("شنت مقاتلات التحالف العربي غارات على مواقع الحوثيين في مدينة صعدة اليمنية.", "2015-08-05",
     ["coalition", "houthis"]),
    ("هاجمت المقاومة الشعبية مواقع قوات صالح في مدينة عدن اليمنية.", "2015-08-05", ["resistance", "saleh"]),
    ("هاجمت المقاومة الشعبية مواقع قوات صالح في مدينة عدن اليمنية.", "2019-08-05", ["resistance"]),  # Saleh died 2017
    ("سيطر تنظيم داعش على مدينة تدمر السورية بعد معارك مع قوات النظام.", "2015-05-21", ["isis", "syria_gov"]),
], ids=["gna-2020", "gna-2015", "lna-2015", "yemen", "coalition", "resistance-saleh", "saleh-2019", "syria"])
def test_parties_in_their_country_and_period(text, published, parties):
    from geo.events import parse_published
    from geo.text import tokenize

    tokens = tokenize(text)
    country = {"الليبية": "LY", "اليمنية": "YE", "السورية": "SY"}[next(w for w in ("الليبية", "اليمنية", "السورية")
                                                                          if w in text)]
    found = parties_mod.load().find(tokens, 0, len(tokens), country, parse_published(published))
    assert [f.value.id for f in found] == parties


@pytest.mark.parametrize("header, row, message", [
    ("id,name,name_ar,kind,colour,countries,aliases,context_aliases,active_from,active_to",
     "x,X,س,armed,#123456,,اكس,,2015-13-01,", r"p.csv:2: active_from '2015-13-01'"),
    ("id,name,name_ar,kind,colour,countries,aliases,adversaries",
     "x,X,س,armed,#123456,,اكس,y", r"p.csv:2: adversaries \['y'\]"),
], ids=["bad-period", "unknown-adversary"])
def test_a_bad_party_column_names_the_line(tmp_path, header, row, message):
    path = tmp_path / "p.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=message):
        parties_mod.Parties(str(path))


@pytest.mark.parametrize("a, b, opposed", [
    ("houthis", "yemen_gov", True), ("yemen_gov", "houthis", True),     # either side may list it
    ("iran", "us", True), ("gna", "lna", True), ("hezbollah", "israel", True),
    ("saudi", "egypt", False), ("oman", "iran", False), ("un", "houthis", False),
])
def test_adversaries(part, a, b, opposed):
    assert part.by_id[a].opposes(part.by_id[b]) is opposed
