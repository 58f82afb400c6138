"""Turkish."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ._base import DateGrammar, Language
from ._common import bio, ends_with_vowel, harmony2, harmony4, people, share_run

_W = r"[^\W\d_]+"
_VOICELESS = "fstkçşhp"  # after these, d- suffixes harden to t- (Mart'ta, Ağustos'ta)
_SOFTEN = {"k": "ğ"}  # a final k of a longer word softens before a vowel (ocağa, aralığı); Mart, Şubat keep their t
_APOSTROPHES = ("'", "’")


def cases(word: str, proper: bool) -> list[str]:
    """Locative, ablative, genitive, dative, accusative and locative + ki of `word`, with harmony.

    A proper noun takes its suffixes after an apostrophe and keeps its final
    consonant ("Ocak'ta", "Ocak'a"); a common noun joins them and softens
    ("ocakta", "ocağa").
    """
    a = harmony2(word, "a", "e")
    i = harmony4(word.replace("ə", "e"), "ı i u ü")
    d = "t" if word[-1] in _VOICELESS else "d"
    vowel_final = ends_with_vowel(word)
    n, y = ("n", "y") if vowel_final else ("", "")
    syllables = sum(ch in "aeıioöuü" for ch in word)
    joined = word[:-1] + _SOFTEN[word[-1]] if not proper and syllables > 1 and word[-1] in _SOFTEN else word
    consonant_suffixes = [f"{d}{a}", f"{d}{a}n", f"{d}{a}ki"]
    vowel_suffixes = [f"{n}{i}n", f"{y}{a}", f"{y}{i}"]
    if proper:
        return [f"{word}{mark}{suffix}" for mark in _APOSTROPHES for suffix in consonant_suffixes + vowel_suffixes]
    return [word + suffix for suffix in consonant_suffixes] + [joined + suffix for suffix in vowel_suffixes]


def month_forms(number: int, cldr: tuple[str, ...]) -> Iterable[str]:
    """Case forms: "Ağustos'ta", "ağustosta", "Haziran'ın", "haziranda", "Haziran ayında"."""
    month = max(cldr, key=len)
    yield from cases(month, proper=True)
    yield from cases(month, proper=False)
    yield from (
        f"{month} {word}" for word in ("ayı", "ayında", "ayının", "ayından", "ayına", "ayındaki", "başında", "sonunda")
    )


def weekday_forms(number: int, cldr: tuple[str, ...]) -> Iterable[str]:
    """Case forms: "pazartesiye", "salıdan", "cumartesinin", "pazartesi günü"."""
    return cases(max(cldr, key=len), proper=False)


DATES = DateGrammar(
    day_suffix=r"['’-]?(?:[ıiuü]?nc[ıiuü]|s[ıiuü]n(?:d[ae]n?|[ae])?|[ıiuü]n(?:d[ae]n?|[ae])?|[dt][ae]n?|[dt][ae]ki|[ıiuü]|y[ae]|[ae])",
    year_suffix=r"['’](?:[dt][ae]n?|[ıiuü]n|n[ıiuü]n|[ıiuü]|y[ıiuü]|[ae]|y[ae])(?![^\W\d_])|\s+yıl(?:ı|ında|ının)?(?![^\W\d_])",
    range_joiner=r"\s*[-–—]\s*|\s+ile\s+",
    stamp_words=tuple(
        "yayınlanma yayınlandı yayın tarihi tarih güncelleme güncellenme güncellendi son oluşturulma giriş eklenme "
        "saat yıl da de ta te inci ıncı uncu üncü ı i u ü "
        # a relative age beside the date: "08/11/2022 14:20 (2 saat önce)"
        "önce dakika dk gün "
        # a desk's or correspondent's byline before the date: "AA muhabiri Ayşe Yılmaz 4 Kasım 2024", "haber merkezi"
        "haber merkezi servisi masası muhabiri muhabirimiz".split()
    ),
    published_label=r"yayın(?:lanma)?\s+tarihi|yayınlanma|yayınlandı|oluşturulma(?:\s+tarihi)?|giriş(?:\s+tarihi)?|eklenme(?:\s+tarihi)?",
    updated_label=r"güncelle(?:me|nme)(?:\s+tarihi)?|güncellendi|son\s+güncelleme|değiştirilme(?:\s+tarihi)?",
    weekday_cues={
        "geçen": "last",
        "geçtiğimiz": "last",
        "önceki": "last",
        "gelecek": "next",
        "önümüzdeki": "next",
        "bu": "this",
    },
    weekday_after=r"gün(?:ü|ünde|ünden|üne)?|sabah(?:ı)?|akşam(?:ı)?|öğleden\s+sonra",
    # "pazar" is also "market": Sunday is "pazar günü".
    weekday_context={form: "after" for form in ("pazar", *cases("pazar", proper=False))},
    # "sabah" is "morning" and a newspaper's name; "ertesi gün" (the next day) counts from the story, not the page.
    relative_days={"evvelsi gün": -2, "evvelki gün": -2, "dün": -1, "bugün": 0, "yarın": 1, "öbür gün": 2},
)

MEETING = (
    r"görüştü\w*|görüşme\w*|bir\s+araya\s+geld\w*|müzakere(?!\s+edecek)\w*|zirve\w*",
    r"gerçekleştiril(?:di|miş)\w*|gerçekleşti\w*|düzenlendi\w*|ağırladı\w*|kabul\s+etti\w*|imzaladı\w*|imzalandı\w*",
    r"ziyaret\s+etti\w*|telefonda\s+görüştü\w*|telefon\s+görüşmesi\w*",
    r"imzalanan\w*|gerçekleştirilen\w*|düzenlenen\w*|yapılan\s+(?:görüşme|toplantı|zirve)\w*",
)
PREVIEW = (
    r"görüşecek\w*|bir\s+araya\s+gelecek\w*|ağırlayacak\w*|gerçekleştirilecek\w*|gerçekleşecek\w*|düzenlenecek\w*",
    r"ziyaret\s+edecek\w*|katılacak\w*|müzakere\s+edecek\w*|imzalanacak\w*|imzalayacak\w*",
)
#: Words of a plan that announce a meeting only beside a meeting word ("yarın kar bekleniyor" is weather).
PLAN = (
    r"bekleniyor|planlanıyor|öngörülüyor|gelecek\s+(?:hafta|ay|yıl)\w*|önümüzdeki\s+(?:hafta|ay|günlerde|yıl)\w*|yarın|yakın\s+zamanda",
)
#: Verbs of speaking, then of commenting and briefings: a day beside one is when someone spoke ("Miller said
#: on Monday"), not when they met, where the sentence names the meeting's day too.
SPEECH = (
    r"açıkladı\w*|söyledi\w*|dedi\w*|doğruladı\w*|belirtti\w*|bildirdi\w*|duyurdu\w*|yazdı\w*",
    r"değerlendirdi\w*|açıklamada|açıklamasında",
)

BACKGROUND = (
    r"savaş\w*|çatışma\w*|ateşkes\w*|askeri\s+operasyon\w*|işgal\w*|kurtarıl\w*|bağımsızlık\w*|sovyet\w*|sscb",
    r"dağıl(?:ma|dı|ması)\w*|hayatını\s+kaybet\w*|öldürül\w*|şehit\w*|doğdu|öldü|vefat\w*|yıldönüm\w*|soykırım\w*|mülteci\w*",
    r"(?:19|20)\d\d\s+yılında|(?<![^\W\d_]\s)(?:19|20)\d\d['’](?:de|da|te|ta)|44\s+günlük|(?:birinci|ikinci)\s+karabağ\s+savaş\w*",
    r"en\s+son|son\s+olarak|önceki\s+(?:görüşme|tur|müzakere)\w*|daha\s+önce|\w+(?:mış|miş|muş|müş)t[ıiuü](?:lar|ler)?",
    r"hatırlat(?:alım|mak\s+gerekirse|ma)|anımsatalım",
)

_CHANNELS = r"(?=.{0,160}(?:telegram|kanal|youtube|whatsapp|google\s+(?:news|haberler)|bülten|instagram|facebook|twitter|bizi|abone))"

FURNITURE = {
    "share": (
        share_run(
            "paylaş paylaşın bu haberi sosyal medyada ta da te de tweet yazdır yazdırma sürümü versiyonu linki "
            "bağlantıyı kopyala kopyalandı link bağlantı e-posta posta ile gönder arkadaşına kaydet favorilere ekle".split()
        ),
        r"(?:linki|bağlantıyı)\s+kopyala|(?:link|bağlantı)\s+kopyalandı!?|kopyalandı!?|kopyala",
        r"yazdır|yazdırma\s+(?:sürümü|versiyonu)|e-?posta\s+(?:ile\s+)?gönder|arkadaşına\s+gönder|kaydet|favorilere\s+ekle",
    ),
    "related": (
        r"(?:ilgili|benzer|diğer|son|güncel|tüm|popüler|önemli)\s+(?:haberler|haber|içerikler|yazılar)|son\s+dakika(?:\s+haberleri)?",
        r"(?:en\s+)?çok\s+(?:okunan|izlenen|paylaşılan|yorumlanan)(?:lar|ler)?|gündem|öne\s+çıkan(?:lar)?|manşet",
        r"editörün\s+(?:seçimi|seçtikleri)|(?:bunlar\s+da\s+)?ilginizi\s+çekebilir|okumaya\s+devam\s+et|devamını\s+oku|haberin\s+devamı",
        r"(?:önceki|sonraki|sıradaki)\s+haber|daha\s+fazla(?:\s+haber)?|bakmadan\s+geçme|ayrıca\s+(?:okuyun|bakınız)",
        r"(?:bu\s+)?(?:haberi|haberleri)\s+de\s+okuyun|önerilen\s+(?:haberler|içerikler)",
        r"(?:ilgili\s+haber|ilgili|ayrıca\s+okuyun|bunu\s+da\s+okuyun)\s*[:>»|–—-]\s*.{1,200}",
    ),
    "related_end": (r"listenin\s+sonu|podcast\s+sonu",),
    "comments": (
        r"yorumlar(?:\s*\(\d+\))?|\d+\s+yorum|yorum\s+(?:yap|yaz|ekle|gönder)(?:ın)?|yorumunuzu\s+(?:yazın|yapın|bırakın)",
        r"henüz\s+yorum\s+(?:yapılmamış|yok).{0,40}|ilk\s+yorumu\s+siz\s+yapın.{0,20}|yorum(?:lar)?ı?\s+(?:göster|gizle)",
        r"yanıtla|cevapla|gönder|adınız\s*\*?|e-?posta(?:\s+adresiniz)?\s*\*?",
        r"e-?posta\s+adresiniz\s+yayınlanmayacak.{0,120}|gerekli\s+alanlar.{0,60}|yorum\s+yapabilmek\s+için.{0,80}",
        r"(?:hata|yazım\s+hatası)\s+bildir|(?:bir\s+)?(?:hata|yazım\s+hatası)\s+(?:mı\s+)?(?:buldunuz|gördünüz).{0,120}",
    ),
    "copyright": (
        r".{0,120}(?:tüm|bütün|her)\s+hakları\s+saklıdır(?![\s,]*[^\W\d_]).{0,120}",
        r".{0,120}5846\s+sayılı.{0,200}",
        r"(?=.{0,160}(?:haber|içerik|yazı|fotoğraf|görsel|materyal))"
        r"(?=.{0,220}(?:izinsiz|izin\s+alınmadan|kaynak\s+gösterilmeden|kaynak\s+gösterilerek|aktif\s+link|link\s+verilmeden"
        r"|kullanılamaz|yayımlanamaz|alıntılanamaz)).{1,300}",
    ),
    "clock": (
        r"hava\s+durumu|namaz\s+vakitleri|döviz(?:\s+kurları)?|borsa|bugün",
        r"(?:(?:dolar|euro|avro|sterlin|altın|gram\s+altın|bist\s*100|bitcoin|brent)\s*[:=]?\s*\d+(?:[.,]\d+)?%?\s*)+",
    ),
    "player": (
        r"tarayıcınız\s+.{0,80}desteklemiyor.{0,40}|javascript\S{0,4}\s+(?:etkinleştir|aç)\w*.{0,80}",
        r"video(?:yu)?\s+izle|video\s+(?:oynatıcı|yükleniyor|galeri)|izle|foto\s*galeri|yükleniyor(?:\.{3}|…)?|video",
    ),
    "subscribe": (
        _CHANNELS
        + r"(?:[^.!?:—–]{0,40}[.!?:—–]\s*)?(?:abone\s+ol(?:un)?|bizi\s+(?:\S+\s+){0,2}takip\s+edin|takip\s+edin|takip\s+et"
        r"|katılın|kaydol(?:un)?|bültenimize)\b.{0,160}",
        r"abone\s+ol(?:un)?|e-?bülten|bülten(?:e\s+kaydol)?",
        _CHANNELS + r".{0,120}(?:abone\s+ol(?:un)?|takip\s+edin|takip\s+et|katılın|kaydolun)[.!]?",
        # Donation and paywall notices: "Bu içerik abonelere özeldir", "... abonelerine sunulmaktadır".
        r"(?:[^.!?]{0,80}[.!?]\s+)?bizi\s+destekleyin.{0,160}|.{0,160}\babone(?:ler|lerimiz)?(?:e|ye|ine|lerine|lere)?\s+(?:sunul|özel|açık)\w*.{0,160}",
    ),
    "counter": (
        r"(?:okunma(?:\s+sayısı)?|görüntülenme|görüntüleme|okuma|tıklanma)\s*[:-]?\s*\d[\d\s.,]*",
        r"\d[\d\s.,]*\s+(?:kez\s+okundu|okunma|görüntülenme|kez\s+görüntülendi)",
    ),
    "tags": (r"(?:etiketler|anahtar\s+kelimeler|konular|haberle\s+ilgili\s+daha\s+fazlası)\s*:\s*.{1,250}",),
    "photo": (
        r"(?:fotoğraf|foto|görsel|video|kaynak)\s*[:/©]\s*.{1,120}",
        r".{1,250}[.!]?\s+(?:fotoğraf|foto)\s*[:/©]\s*[^.!?]{1,100}",
        # "Görsel kaynağı, Getty Images", "Fotoğraf altı yazısı, ...": a caption's and a credit's labels.
        r"(?:görsel|fotoğraf|foto|video)\s+(?:kaynağı|altı\s+yazısı|açıklaması)\s*[,:]\s*.{1,250}",
    ),
    "cookie": (r"(?=.{0,200}(?:çerez|cookie))(?=.{0,250}(?:kullan|kabul|politika|onay|ayar)).{1,300}",),
    "byline": (
        rf"(?:yazar|yazan|muhabir|editör|hazırlayan|çeviri|çeviren)(?:\s*:\s*|\s+){people('ve|ile')}",
        # The news desk that stands for a byline: "Sözcü Haber Merkezi", "NTV - Haber Merkezi".
        r"(?:[^\W\d_][\w.'’-]*[\s–—-]+){0,3}haber\s+merkezi",
    ),
    "bio": (
        # "Deniz Aksoy, T24'te dış haberler editörüdür. ..." (the trade with its copula), and the heading above such a note: "Deniz Aksoy kimdir?"
        bio(r"\s*,\s*", r"(?:muhabir|editör|gazeteci|yazar|köşe\s+yazar)\w*d[iıuü]r"),
        r"[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,2}\s+kimdir\??",
    ),
    "navigation": (
        r"ana\s*sayfa|menü|ara|arama(?:\s+yap)?|giriş(?:\s+yap)?|çıkış(?:\s+yap)?|üye\s+ol|kayıt\s+ol|profil(?:im)?|arşiv|rss",
        r"hakkımızda|künye|iletişim|reklam(?:\s+ver)?|gizlilik\s+(?:politikası|sözleşmesi)|kullanım\s+koşulları|kvkk|site\s+haritası",
        r"(?:ana\s+)?içeriğe\s+geç|sayfa\s+başına\s+dön|yukarı(?:\s+çık)?|geri(?:\s+dön)?|sonraki|önceki|daha\s+fazla\s+yükle|tümünü\s+gör",
        r"(?:reklamı\s+)?kapat|canlı(?:\s+yayın)?|(?:gece|karanlık)\s+mod(?:u)?|bizi\s+destekleyin|bağış\s+yap",
    ),
}

ROLES = (
    ("Deputy Foreign Minister", r"dışişleri\s+bakan(?:ı)?\s+yardımcı\w*"),
    ("Deputy Prime Minister", r"başbakan\s+yardımcı\w*"),
    ("Vice President", r"cumhurbaşkanı\s+yardımcı\w*|(?:abd\s+)?başkan\s+yardımcı\w*"),
    ("National Security Adviser", r"ulusal\s+güvenlik\s+danışman\w*"),
    ("Security Council Secretary", r"güvenlik\s+konseyi\s+sekreter\w*"),
    ("Secretary-General", r"genel\s+sekreter\w*"),
    # Turkish calls the US Secretary of State "ABD Dışişleri Bakanı".
    ("Secretary of State", r"(?:abd|amerikan)\s+dışişleri\s+bakan(?!lı)\w*"),
    ("Foreign Minister", r"dışişleri\s+bakan(?!lı)\w*"),
    ("Defence Minister", r"(?:milli\s+)?savunma\s+bakan(?!lı)\w*"),
    ("Prime Minister", r"başbakan(?!lı)\w*"),
    ("Speaker of Parliament", r"(?:meclis|tbmm|parlamento|millet\s+meclisi)\s+başkan(?!lı)\w*"),
    ("Presidential Aide", r"cumhurbaşkanı\s+(?:baş)?danışman\w*|başdanışman\w*"),
    ("President", r"cumhurbaşkan(?!lığ|lık)\w*|(?:devlet|abd)\s+başkan(?!lı)\w*"),
    ("Spokesperson", r"sözcü\w*"),
    ("High Representative", r"yüksek\s+temsilci\w*"),
    ("Special Representative", r"özel\s+(?:temsilci|elçi)\w*"),
    ("Ambassador", r"büyükelçi(?!lik|liğ)\w*"),
    ("Chancellor", r"şansölye\w*"),
)

_APOSTROPHE = re.compile(r"['’]")


def name_stems(word: str) -> tuple[str, ...]:
    """Trump'ın, Aliyev'in, Paşinyan'a -> the name: Turkish spelling puts an apostrophe before a name's suffixes."""
    base = _APOSTROPHE.split(word, maxsplit=1)[0]
    if base != word and sum(ch.isalpha() for ch in base) >= 3:
        return (base, word)
    return (word,)


#: "üç günlük müzakereler", "üç gün süren"; not "üç gün sonra".
LENGTHS = tuple(
    (days, rf"{word}\s*gün\w*(?!\s+(?:sonra|önce|evvel))")
    for days, word in enumerate(("iki", "üç", "dört", "beş", "altı", "yedi"), start=2)
)


LANGUAGE = Language(
    code="tr",
    name="Turkish",
    script="Latn",
    letters="[A-PR-VYZa-pr-vyzÇçĞğİıÖöŞşÜüÂâÎîÛû]",
    sentence_terminals=".!?…",
    date_order="DMY",
    dates=DATES,
    stoplist="Turkish",
    month_rule=month_forms,
    weekday_rule=weekday_forms,
    meeting_phrases=MEETING,
    preview_phrases=PREVIEW,
    plan_phrases=PLAN,
    speech_phrases=SPEECH,
    background_phrases=BACKGROUND,
    furniture_phrases=FURNITURE,
    role_phrases=ROLES,
    length_phrases=LENGTHS,
    venue_endings=("'da", "'de", "'ta", "'te", "’da", "’de", "’ta", "’te"),
    stems=name_stems,
    romanise={"c": "j", "ç": "ch", "ş": "sh", "ğ": "g", "ı": "i", "ö": "o", "ü": "u", "â": "a", "î": "i", "û": "u"},
    turkic_case=True,
    close_languages=("az",),
    abbreviations=frozenset("vs. prof. doç. dr. av. müh. sn. örn. bkz. yy. s. no. mah. cad. sok. mr.".split()),
    closing_abbreviations=("vb.",),
)
