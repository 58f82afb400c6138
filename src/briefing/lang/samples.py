"""One news sentence in each language of the layer, for `briefing models check`.

Each says the same thing (the foreign ministers met to discuss a peace treaty),
so every translation direction can be tried on a real sentence of its source
language. Test data for a model check, not knowledge any stage uses.
"""

from __future__ import annotations

from types import MappingProxyType

SAMPLES = MappingProxyType(
    {
        "en": "The foreign ministers of Armenia and Azerbaijan met in Washington on Monday to discuss a peace treaty.",
        "hy": "Հայաստանի և Ադրբեջանի արտաքին գործերի նախարարները երկուշաբթի հանդիպել են Վաշինգտոնում՝ "
        "քննարկելու խաղաղության պայմանագիրը։",
        "az": "Azərbaycan və Ermənistanın xarici işlər nazirləri bazar ertəsi sülh müqaviləsini müzakirə etmək "
        "üçün Vaşinqtonda görüşüblər.",
        "ru": "Министры иностранных дел Армении и Азербайджана встретились в понедельник в Вашингтоне, "
        "чтобы обсудить мирный договор.",
        "tr": "Ermenistan ve Azerbaycan dışişleri bakanları barış anlaşmasını görüşmek için pazartesi günü "
        "Washington'da bir araya geldi.",
    }
)
