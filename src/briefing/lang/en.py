"""English."""

from __future__ import annotations

from ._base import DateGrammar, Language
from ._common import bio, people, share_run, stems_by_rules

_W = r"[^\W\d_]+"  # one word

DATES = DateGrammar(
    day_suffix=r"(?:st|nd|rd|th)",
    year_suffix="",
    day_month_glue=r"\s+(?:of\s+)?",
    month_day=True,
    numeric_order_follows_prose=True,
    range_joiner=r"\s*[-–—]\s*|\s+(?:to|through|until|till)\s+",
    stamp_words=tuple(
        "published posted updated last modified edited created date on at of st nd rd th local time "
        "first second hour hours ago publication baku yerevan moscow ankara istanbul tbilisi "
        # a relative age beside the date: "Nov 7, 2022 (3 hours ago)"
        "minute minutes min mins day days".split()
    ),
    published_label=r"\b(?:published|posted|created|publication\s+date|date\s+of\s+publication)\b",
    updated_label=r"\b(?:(?:last\s+)?updated|modified|edited)\b",
    weekday_cues={
        "on": "",
        "late on": "",
        "early on": "",
        "earlier on": "",
        "since": "",
        "until": "",
        "by": "",
        "from": "",
        "last": "last",
        "this past": "last",
        "past": "last",
        "next": "next",
        "this coming": "next",
        "coming": "next",
        "this": "this",
    },
    relative_days={
        "the day before yesterday": -2,
        "yesterday": -1,
        "today": 0,
        "tomorrow": 1,
        "the day after tomorrow": 2,
    },
)

MEETING = (
    r"met|meetings?|talks|negotiations?|negotiated|summit(?:s|ry)?|held|hosted|convened|gathered|discussed",
    r"sat\s+down|took\s+place|round\s+of\s+talks|(?:phone|telephone)\s+(?:call|conversation)s?|signed|initial(?:l)?ed",
    r"visited|received|welcomed",
)
PREVIEW = (
    r"will\s+(?:meet|hold|host|visit|travel|take\s+part|attend|sign|discuss|convene|gather|be\s+held|take\s+place)",
    r"to\s+(?:meet|host|hold|convene)|(?:would|may|might|could)\s+(?:meet|host|hold|sign)|next\s+(?:round|meeting)",
)
#: Words of a plan that announce a meeting only beside a meeting word ("is expected to rain tomorrow" is weather).
PLAN = (
    r"(?:is|are|was|were)\s+(?:expected|scheduled|set|due|slated|planned|poised|going)\s+to",
    r"plans?\s+to|planned\s+to|intends?\s+to",
    r"next\s+(?:week|month|year)|upcoming|forthcoming|later\s+this\s+(?:week|month|year)|tomorrow",
    r"in\s+the\s+coming\s+(?:days|weeks|months)",
    r"would\s+(?:open|begin|start|resume|continue|be\s+held)|to\s+(?:resume|open|begin|start)|(?:is|are)\s+heading\s+to",
)
#: Verbs of speaking, then of commenting and briefings: a day beside one is when someone spoke ("Miller said
#: on Monday"), not when they met, where the sentence names the meeting's day too.
SPEECH = (
    r"said|says|told|announced|confirmed|stated|noted|added|reported|declared|tweeted|wrote",
    r"commented",
)

BACKGROUND = (
    r"wars?|conflicts?|clash(?:es|ed)?|hostilities|fighting|fought|cease-?fires?|truce|occupation|occupied",
    r"liberat(?:ed|ion)|history|historic(?:al|ally)?|independence|soviet|ussr|collapse|dissolution",
    r"born|died|killed|anniversary|genocide|pogroms?|massacres?|refugees|displaced",
    r"(?:in|since|during|until|by)\s+(?:19|20)\d\d(?!\s*[-–/]\s*\d)|(?:19|20)\d0s|44-day|(?:first|second)\s+karabakh\s+war",
    r"last\s+(?:met|sat|held|talked|spoke)|previous(?:ly)?\s+(?:met|meeting|round|talks)|earlier\s+(?:meeting|round)|had\s+(?:met|held|hosted)",
    r"(?:it\s+is\s+worth\s+)?recall(?:ing)?\s+that|(?:as\s+a\s+)?reminder",
)

FURNITURE = {
    # Consent buttons; the banner's own text is the shared cookie family (`_common`).
    "cookie": (
        r"(?:accept|reject|decline|allow|refuse)(?:\s+all)?(?:\s+cookies)?|(?:manage|customi[sz]e)\s+(?:cookies|preferences|settings)"
        r"|cookie\s+(?:settings|preferences|policy)|(?:i\s+)?agree|got\s+it",
    ),
    "share": (
        share_run(
            "share shares sharing print printer printable email e-mail tweet pin save bookmark bookmarks send copy copied "
            "link url clipboard this it now on via with by to the a an article story post page news video photo friend "
            "friends your for later social media network networks version friendly".split()
        ),
        r"print(?:er)?[\s-]*friendly(?:\s+version)?|printable\s+version",
        r"(?:copy|copied)(?:\s+(?:the|to))?(?:\s+(?:link|url|clipboard))?!?|(?:link|url)\s+copied(?:\s+to\s+(?:the\s+)?clipboard)?!?",
        r"click\s+(?:here\s+)?to\s+(?:share\s+on\s+.{1,30}?|print|e-?mail\s+a\s+link\s+to\s+a\s+friend|e-?mail|share)(?:\s*\(opens\s+in\s+new\s+window\))?",
        r"share\s+this\s+(?:story|article|post|page)\s*,\s*choose\s+your\s+platform!?",
        r"(?:[^.!?]{0,60}[.!?]\s+)?share\s+(?:it|this(?:\s+(?:article|story|post|page|news))?|the\s+(?:story|article|news|post))"
        r"\s+(?:on|via|with)\s+.{1,40}",
        r"like\s+this:?|like\s+loading(?:\.{3}|…)?",
        r"print\s+friendly,?\s+pdf\s*(?:&|and)\s*e-?mail|reuse\s+this\s+content|(?:gift|give)\s+this\s+(?:article|story)|share\s+full\s+(?:article|story)",
    ),
    "related": (
        r"(?:read|see)\s+(?:also|more|next)|also\s+read|continue\s+reading|further\s+reading|what\s+to\s+read\s+next",
        r"related(?:\s+(?:articles?|news|stories|posts|content|topics|coverage|links|videos|reading))?",
        rf"more\s+(?:news|stories|articles|videos|on\s+this\s+(?:topic|story|subject)|(?:from|in|on|about)\s+{_W}(?:\s+{_W}){{0,3}})",
        r"(?:the\s+)?latest(?:\s+(?:news|articles|stories|headlines|videos|updates))?|(?:all|more|other|similar)\s+(?:news|stories)",
        r"most\s+(?:read|popular|viewed|shared|commented|recent)|popular(?:\s+(?:news|now|articles|stories))?",
        r"trending(?:\s+(?:now|news|stories))?|recommended(?:\s+(?:for\s+you|articles|stories|reading))?",
        r"you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in)|don['’]?t\s+miss|must[\s-]reads?",
        r"editor['’]?s['’]?\s+picks?|editors['’]?\s+choice|top\s+(?:stories|news|headlines)|in\s+other\s+news|news\s?feed",
        r"keep\s+reading|read\s+(?:the\s+)?full\s+(?:story|article)|up\s+next|in\s+case\s+you\s+missed\s+it|(?:previous|next)\s+(?:article|post|story)",
        r"(?:read\s+also|also\s+read|see\s+also|read\s+more|related|more|recommended|must\s+read)\s*[:>»|–—-]\s*.{1,200}",
        # A link glued to its label by the extractor: "Read moreArmenia agrees to ...".
        r"(?:read|see)\s+(?:also|more)[^\W\d_\s].{0,200}",
        # Blocks of other stories that a "skip" link jumps over: "Skip next section Explore more", "Skip X and continue reading".
        r"explore\s+more|skip\s+next\s+section(?:\s+.{1,40})?|skip\s+.{1,40}\s+and\s+continue\s+reading",
        r"list\s+of\s+\d{1,2}\s+items?",
    ),
    # The end of a list of other stories set into the article: "end of list", "End of Podcast".
    "related_end": (r"end\s+of\s+(?:podcast|story\s+promotion)",),
    "comments": (
        r"leave\s+a\s+(?:reply|comment)(?:\s+cancel\s+reply)?|cancel\s+reply|reply|report",
        r"(?:post|add|write|submit|leave)\s+(?:a\s+|your\s+)?comments?|(?:\d+\s+)?comments?(?:\s*\(\d+\))?",
        r"no\s+comments(?:\s+yet)?|(?:see|view|show|hide|read|load\s+more)\s+(?:all\s+)?comments(?:\s*\(\d+\))?",
        r"be\s+the\s+first\s+to\s+comment.{0,20}|comments?\s*[:-]\s*\d+",
        r"comments\s+(?:are\s+)?closed\.?|join\s+the\s+(?:discussion|conversation)",
        r"your\s+(?:e-?mail\s+)?(?:address\s+)?will\s+not\s+be\s+published.{0,120}|required\s+fields\s+are\s+marked.{0,10}",
        r"(?:name|e-?mail|website|comment|message)\s*\*?|save\s+my\s+name,?\s+e-?mail.{0,100}",
        r"notify\s+me\s+of\s+(?:follow-up\s+comments|new\s+posts|new\s+comments).{0,60}",
        r"you\s+must\s+be\s+(?:logged|signed)\s+in\s+to\s+(?:post\s+a\s+)?comment.{0,20}|log\s+in\s+to\s+(?:reply|comment)",
        r"report\s+(?:an\s+)?(?:error|typo|mistake)|(?:found|spotted|noticed?)\s+(?:a\s+|an\s+)?(?:mistake|error|typo).{0,120}",
        r"this\s+site\s+uses\s+akismet.{0,120}|(?:loading|load)\s+comments(?:\.{3}|…)?",
    ),
    "copyright": (
        r".{0,120}\ball\s+rights\s+reserved\b(?![\s,]*[^\W\d_]).{0,120}",
        r"(?=.{0,100}\b(?:use|using|reproduction|reprint(?:ing)?|copying|republication|republishing|citing|quoting|distribution|redistribution)\b)"
        r"(?=.{0,220}\b(?:hyperlink|link|reference|permission|consent|prohibited|permitted|allowed|forbidden|credit|source)\b)"
        r"(?=.{0,220}\b(?:materials?|content|articles?|texts?|photos?|information|whole|site|website)\b).{1,300}",
        r".{0,100}\b(?:views|opinions)\s+expressed\b.{0,200}",
        r".{0,100}\bis\s+not\s+responsible\s+for\s+the\s+(?:content|advertis\w*).{0,160}",
        # The print edition's note: "A version of this article appears in print on May 15, 2023, Section A, Page 8".
        r"a\s+version\s+of\s+this\s+(?:article|story)\s+(?:appears|appeared)\s+in\s+print\b.{0,160}",
    ),
    "clock": (
        rf"(?:current\s+|local\s+)?time(?:\s+in\s+{_W}(?:\s+{_W})?)?|weather(?:\s+(?:in\s+{_W}(?:\s+{_W})?|forecast))?",
        r"(?:currency|exchange)\s+rates?|today",
    ),
    "player": (
        r"your\s+browser\s+does(?:\s+not|n['’]t)\s+support.{0,80}|(?:please\s+)?(?:enable|turn\s+on)\s+javascript.{0,120}",
        r"javascript\s+is\s+(?:disabled|required|not\s+enabled).{0,120}|to\s+view\s+this\s+video.{0,160}",
        r"(?:watch|play)(?:\s+the)?\s+video.{0,40}|video(?:\s+(?:unavailable|is\s+unavailable|not\s+available))?",
        r"this\s+video\s+(?:is\s+)?(?:unavailable|not\s+available|has\s+been\s+removed).{0,60}",
        r"loading(?:\s+video)?(?:\.{3}|…)?|embed|watch\s+on\s+youtube|(?:photo|video)\s+gallery",
        # Audio versions and reading time: "Listen to this article · 5 min", "Voiced by artificial intelligence.", "3 min read".
        r"(?:press\s+play\s+to\s+)?listen\s+to\s+this\s+(?:article|story)(?:\s*[:·|–—-]?\s*\d{1,2}\s*min(?:ute)?s?)?",
        r"(?:this\s+(?:article|story)\s+(?:is|was)\s+)?voiced\s+by\s+(?:artificial\s+intelligence|ai)\.?",
        r"(?:watch|listen)\s*:\s*.{1,120}|podcast|listen\s*\(\d{1,2}\s*min(?:ute)?s?\)|play\s+audio|listen\s+to\s+(?:the|our|this)\s+(?:podcast|episode)",
        r"(?:(?:estimated\s+)?read(?:ing)?\s+time\s*:?\s*)?\d{1,2}\s*(?:-\s*)?min(?:ute)?s?(?:\s+(?:read|listen))?",
        r"(?:the\s+)?content\s+you\s+requested\s+(?:does\s+not\s+exist|is\s+(?:not|no\s+longer)\s+available).{0,60}",
    ),
    "subscribe": (
        r"(?=.{0,160}\b(?:telegram|newsletters?|channel|youtube|whatsapp|twitter|facebook|instagram|google\s+news|tiktok|viber"
        r"|updates|digest|alerts|inbox|app|us)\b)"
        r"(?:[^.!?:—–]{0,40}[.!?:—–]\s*)?(?:subscribe|follow(?:\s+us)?|join(?:\s+(?:us|our))?|sign\s+up|like\s+us|find\s+us"
        r"|get\s+(?:our|the)|stay\s+(?:informed|updated|tuned)|don['’]?t\s+miss|never\s+miss|download\s+(?:our|the))\b.{0,160}",
        r"subscribe(?:\s+(?:now|here|today))?|newsletter|sign\s+up(?:\s+now)?|enter\s+your\s+e-?mail(?:\s+address)?",
        r"your\s+e-?mail(?:\s+address)?|(?:get|download)\s+the\s+app",
        r"sign\s+up\s+(?:to|for)\s+(?:the\s+|our\s+)?[^.!?]{1,50}",
        r"(?:free\s+)?(?:daily|weekly|monthly|fortnightly)\s+(?:e-?mail\s+)?newsletter|(?:after|skip\s+past)\s+newsletter\s+promotion",
        r"newsletter\s+sign[\s-]?up|subscribe\s+(?:now\s+)?to\s+(?:continue\s+reading|read\s+more)|create\s+a\s+free\s+account",
        r"already\s+a\s+(?:subscriber|member)\??(?:\s+(?:log|sign)\s+in)?|you\s+have\s+\d{1,2}\s+free\s+articles?\s+(?:left|remaining)(?:\s+this\s+month)?",
        r"privacy\s+notice\s*:.{1,250}|discover\s+our\s+.{0,40}newsletters?",
        # The sign-up box's consent and pitch: "I would like to be emailed about offers ...", "Receive ... every morning".
        r"i\s+would\s+like\s+to\s+(?:be\s+emailed|receive)\b.{0,250}|read\s+our\s+privacy\s+(?:notice|policy)",
        r"this\s+(?:article|story|content)\s+is\s+(?:part\s+of|available\s+(?:to|for))\s+.{1,60}",
        r"(?:receive|get)\s+.{1,60}\s+(?:every\s+(?:morning|day|evening|week)|in\s+your\s+inbox)\.?",
        r"(?:[^.!?]{0,80}[.!?]\s+)?download\s+(?:the|our)\s+(?:free\s+)?(?:[\w'’-]+\s+){0,3}app\.?",
        # Donation and paywall notices.
        r"(?:[^.!?]{0,80}[.!?]\s+)?(?:please\s+)?support\s+(?:us|our\s+(?:work|journalism|newsroom)|independent\s+(?:journalism|media))\b.{0,160}",
        r".{0,160}\b(?:available|reserved|exclusive|open)\s+(?:only\s+)?(?:to|for)\s+(?:our\s+)?(?:paid\s+)?(?:subscribers|members)\b.{0,160}",
        r".{0,80}\b(?:for\s+)?subscribers\s+only\b.{0,80}",
    ),
    "counter": (
        r"(?:views?|reads?|hits|visits?|viewed|read|seen|likes?|shares?)\s*[:-]?\s*\d[\d\s.,]*[km]?(?:\s+times)?",
        r"\d[\d\s.,]*[km]?\s+(?:views?|reads?|hits|visits?|likes?|shares?|times)",
    ),
    "tags": (
        r"(?:tags?|topics?|keywords|related\s+topics|suggested\s+topics|filed\s+under)\s*:\s*.{1,250}",
        r"(?:tags?|topics?|keywords)\s*:?|explore\s+more\s+on\s+(?:these|this)\s+topics?",
        # A blog byline's sections: "in Armenia, Featured, Top Stories".
        rf"(?:posted\s+|filed\s+)?in\s+{_W}(?:\s+{_W}){{0,2}}(?:\s*,\s*{_W}(?:\s+{_W}){{0,2}}){{1,8}}",
    ),
    "photo": (
        r"(?:photo(?:graph)?s?|images?|pictures?|video|credit|illustration)(?:\s+(?:by|credit|courtesy|source))?\s*[:/©]\s*.{1,120}",
        r".{1,250}[.!]?\s+(?:photo(?:graph)?|image|credit)\s*[:/©]\s*[^.!?]{1,100}",
        r"(?:image|photo|video)\s+(?:source|caption|credit)s?\s*[,:]\s*.{1,250}",
        r"\((?:photo|image|video)\s*:\s*[^()]{1,80}\)|(?:photo|image)\s+by\s+[^.!?]{1,80}",
        r"(?:[^\W\d_]+(?:\s+[^\W\d_]+)?\s+via\s+)?getty\s+images",
        r".{1,300}\[[^\[\]/]{1,60}/[^\[\]/]{1,40}\]",
    ),
    "byline": (
        rf"(?:(?:written|reported|reporting|text|story|words|compiled|edited|editing|translated|interview)\s+)?by\s+{people('and|with')}"
        rf"(?:\s*[;,]\s*(?:additional\s+)?(?:reporting|writing|editing|edited|translated|translation|compiled)\s+by\s+{people('and|with')})*",
        rf"(?:authors?|reporters?|correspondents?|editors?|translators?)\s*:\s*{people('and|with')}",
        # The wire's credit line: "Jane Roe in Tallinn, Estonia, contributed to this report."
        r".{1,160}\s+contributed\s+(?:to\s+this\s+(?:report|story|article)|(?:additional\s+)?reporting)\.?",
        r"about\s+the\s+authors?\s*:?|contact\s+the\s+(?:author|reporter|writer)|author\s+bio(?:graphy)?",
        rf"sources?\s*:\s*{people('and|with')}",
        # The label and the byline's second line: "Text by: France 24", "US Politics Correspondent".
        r"(?:text|words|story|reporting)\s+by\s*:\s*.{1,60}",
        r"(?:[\w'’-]+\s+){0,3}(?:correspondent|reporter|editor|columnist|journalist|contributor|producer)",
        r"(?:originally\s+published\s+(?:at|on|by|in)\s+[^\d]{1,80})|republished\s+(?:with\s+permission|from\s+.{1,60})|source\s+link",
        r"(?:(?:published|posted|updated)\s+)?\d{1,2}\s+(?:minutes?|mins?|hours?|hrs?|days?|weeks?)\s+ago",
        r"this\s+(?:article|story)\s+is\s+more\s+than\s+\d{1,2}\s+(?:months?|years?)\s+old",
    ),
    "bio": (
        # "Jane Doe is a correspondent covering the South Caucasus for ..."
        bio(
            r"\s+(?:is|was)\s+(?:an?|the)\s+",
            "correspondent|reporter|journalist|editor|columnist|writer|contributor|producer|photographer|freelance"
            "|researcher|analyst|fellow|professor|lecturer|scholar",
        ),
        # "Petrov covers the European Union for The Associated Press."
        r"[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,2}\s+(?:covers|reports\s+on|writes\s+(?:about|on))\s+.{1,160}"
        r"\s+for\s+.{1,80}",
    ),
    "navigation": (
        r"home(?:\s*page)?|main(?:\s+(?:page|menu))?|menu|(?:main\s+)?navigation(?:\s+menu)?|skip\s+links|toggle\s+(?:navigation|menu|search)",
        r"(?:click\s+here\s+to\s+)?search(?:\s+(?:the\s+)?(?:site|news|archive))?(?:\s+(?:here|for))?|type\s+to\s+search|what\s+are\s+you\s+looking\s+for\??",
        r"enter\s+(?:a\s+)?(?:keyword|search\s+term)s?|log\s*in|log\s*out|sign\s+(?:in|out)|register|(?:my\s+)?(?:account|profile)",
        r"contacts?|contact\s+us|about(?:\s+us)?|about\s+(?:the\s+)?(?:agency|project|site)|advertis(?:e|ing)(?:\s+with\s+us)?",
        r"privacy(?:\s+policy)?|terms(?:\s+(?:of\s+(?:use|service)|and\s+conditions))?|site\s*map|archive|rss(?:\s+feeds?)?",
        r"editorial\s+(?:board|policy|team)|our\s+(?:team|standards)(?:\s*:\s*.{1,40})?|code\s+of\s+ethics|(?:section|category)\s*:\s*.{1,40}",
        r"skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|search|footer)|accessibility(?:\s+links)?|(?:back\s+)?to\s+top|go\s+back|back",
        r"next|previous|prev|older(?:\s+posts)?|newer(?:\s+posts)?|(?:show|load|view|see)\s+(?:more|all)|more|page\s+\d+(?:\s+of\s+\d+)?",
        r"advertisement|ads?|sponsored(?:\s+content)?|partner\s+(?:content|news)|promoted|close(?:\s+(?:menu|ad|advertisement))?",
        r"(?:the\s+)?(?:story|article|text)\s+continues\s+(?:below|after)(?:\s+(?:the\s+|this\s+)?(?:ad|advert|advertisement))?"
        r"|(?:advertisement\s*[-–—:]?\s*)?scroll\s+to\s+continue(?:\s+(?:reading|with\s+(?:the\s+)?content))?"
        r"|continue\s+reading(?:\s+(?:below|the\s+(?:story|article)))?",
        r"(?:night|dark|light)\s+(?:mode|theme)|live(?:\s+(?:tv|stream|broadcast|radio))?|listen(?:\s+live)?|on\s+air",
        r"save(?:\s+(?:this\s+)?(?:articles?|story|stories))?(?:\s+(?:to|for)\s+(?:read(?:ing)?\s+)?later)?(?:\s+and\s+create\s+your\s+own\s+reading\s+list)?\.?",
        r"follow|supported\s+by|(?:font|text)\s+size|add\s+to\s+(?:favou?rites|bookmarks)|read\s+later|jobs|careers|download|pdf",
        r"corrections?\s+policy|do\s+not\s+sell(?:\s+or\s+share)?\s+my\s+personal\s+information|(?:your|we\s+value\s+your)\s+privacy",
        r"(?:have\s+a\s+(?:news\s+)?tip\??\s*)?(?:send\s+us\s+a\s+tip|contact\s+us)|more\s+coverage|(?:follow\s+the\s+topics\s+)?in\s+this\s+article",
        r"(?:open|read)\s+in\s+(?:the\s+)?app|sign\s+in\s+to\s+(?:save|comment|continue|read)(?:\s+(?:this\s+)?(?:article|story))?",
        r"donate(?:\s+(?:now|to\s+.{1,40}))?|become\s+a\s+(?:member|supporter|patron|subscriber)",
        r"support\s+(?:us|independent\s+(?:journalism|media)|our\s+(?:work|journalism))(?:\s*[:–—-]\s*donate)?",
        r"read\s+(?:this\s+)?in\s+[^\W\d_]+(?:\s*:\s*.{1,40})?|(?:also\s+)?available\s+in\s+[^\W\d_]+",
    ),
}

ROLES = (
    (
        "Deputy Foreign Minister",
        r"(?:deputy|vice)[\s-]+foreign\s+ministers?|deputy\s+ministers?\s+(?:of|for)\s+foreign\s+affairs",
    ),
    ("Deputy Prime Minister", r"(?:deputy|vice)[\s-]+prime\s+ministers?|vice[\s-]+premiers?"),
    ("Vice President", r"vice[\s-]+presidents?"),
    ("National Security Adviser", r"national\s+security\s+advis[eo]rs?"),
    (
        "Security Council Secretary",
        r"secretar(?:y|ies)\s+of\s+(?:the\s+)?(?:national\s+)?security\s+council|security\s+council\s+secretar(?:y|ies)",
    ),
    ("Secretary-General", r"secretar(?:y|ies)[\s-]+generals?|secretaries[\s-]+general"),
    ("Secretary of State", r"secretar(?:y|ies)\s+of\s+state"),
    (
        "Foreign Minister",
        r"foreign\s+(?:affairs\s+)?ministers?|ministers?\s+(?:of|for)\s+foreign\s+affairs|foreign\s+secretar(?:y|ies)|top\s+diplomats?",
    ),
    ("Defence Minister", r"defen[cs]e\s+ministers?|ministers?\s+of\s+defen[cs]e|defen[cs]e\s+secretar(?:y|ies)"),
    ("Prime Minister", r"prime\s+ministers?|premiers?"),
    (
        "Speaker of Parliament",
        r"speakers?\s+of\s+(?:the\s+)?(?:parliament|national\s+assembly|milli\s+majlis|state\s+duma|house)"
        r"|(?:parliament(?:ary)?|national\s+assembly)\s+speakers?",
    ),
    (
        "Presidential Aide",
        r"(?:assistants?|aides?|advis[eo]rs?)\s+to\s+the\s+president|presidential\s+(?:aides?|assistants?|advis[eo]rs?)",
    ),
    ("President", r"presidents?|heads?\s+of\s+state"),
    (
        "Spokesperson",
        r"spokes(?:person|man|woman|people|persons|men|women)|press\s+secretar(?:y|ies)|official\s+representatives?",
    ),
    ("High Representative", r"high\s+representatives?"),
    ("Special Representative", r"special\s+(?:representatives?|envoys?)|envoys?"),
    ("Ambassador", r"ambassadors?"),
    ("Chancellor", r"chancellors?"),
)


def name_stems(word: str) -> tuple[str, ...]:
    """English inflects names only with the possessive: "Trump's" -> "Trump"."""
    return stems_by_rules(word, [("'s", ""), ("’s", ""), ("s'", "s"), ("s’", "s")])


#: "three days of talks", "a three-day visit"; not "three days later".
LENGTHS = tuple(
    (days, rf"{word}[\s-]+days?(?:[\s-]+long)?(?!\s+(?:later|ago|after|before|earlier))")
    for days, word in enumerate(("two", "three", "four", "five", "six", "seven"), start=2)
)


LANGUAGE = Language(
    code="en",
    name="English",
    script="Latn",
    letters="[A-Za-z]",
    sentence_terminals=".!?…",
    date_order="MDY",
    dates=DATES,
    stoplist="English",
    extra_months={"sept": 9},
    extra_weekdays={"tues": 1, "thur": 3, "thurs": 3},
    capitalised_names=True,
    meeting_phrases=MEETING,
    preview_phrases=PREVIEW,
    plan_phrases=PLAN,
    speech_phrases=SPEECH,
    background_phrases=BACKGROUND,
    furniture_phrases=FURNITURE,
    role_phrases=ROLES,
    length_phrases=LENGTHS,
    venue_before=(r"in|at|in\s+the|at\s+the",),
    stems=name_stems,
    romanise={"x": "ks"},
    abbreviations=frozenset(
        """
        mr. mrs. ms. dr. prof. st. gen. lt. col. maj. capt. cmdr. adm. sgt. rep. sen. gov. pres. amb. rev. hon.
        jr. sr. no. nos. vol. art. para. fig. p. pp. ch. sec. dept. est. approx. inc. ltd. co. corp. bros.
        e.g. i.e. vs. v. cf. al. ca. viz. mt. ft. ave. blvd. rd.
        """.split()
    ),
    closing_abbreviations=("etc.",),
)
