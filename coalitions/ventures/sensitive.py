"""What the venture and training registers refuse to hold: street addresses, coordinates and
names of people. The one detector; forms, services and the import ask it.

The registers are read by every member of a coalition; a street address or coordinates
of a site in Ukraine, or the name of a person working there, is targeting data. Places are
recorded at oblast level (ventures) or city level (training sites) only, organisations by
their name only. The patterns are deliberately wide: a refused legitimate name costs a
rewording, a kept address may cost lives.
"""

import re

from django.utils.translation import gettext as _

COORDINATES = re.compile(
    r"""(
        -?\d{1,3}[.,]\d{3,}\s*[,;/ ]\s*-?\d{1,3}[.,]\d{3,}   # 50.4501, 30.5234
      | \d{1,3}\s*°                                         # 50° 27′ …
      | \b\d{1,3}[.,]\d{3,}\s*[NSEWПнПдСхЗх]\b               # 50.45 N
      | \b(?:lat|lon|lng|latitude|longitude|широта|довгота)\b
      | \b(?:MGRS|UTM)\b | \b\d{1,2}[A-Z]{3}\s?\d{4,}          # grid references
    )""",
    re.IGNORECASE | re.VERBOSE,
)
ADDRESS = re.compile(
    r"""(
        \b(?:street|str|st|avenue|ave|road|rd|lane|boulevard|blvd|square|sq|highway|building|bldg|
            house|apt|apartment|suite|floor|office|unit|plot)\b\.?\s*(?:no\.?\s*)?\d
      | \d+[a-zа-яі]?,?\s+(?:[\w'-]+\s+){0,3}(?:street|str|avenue|ave|road|rd|lane|boulevard|blvd)\b
      | (?:^|\s)(?:вул|вулиця|просп|проспект|пров|провулок|бульв|бульвар|пл|площа|шосе|буд|будинок|
            кв|корп|ул|улица|дом)\b\.?
      | \b(?:postcode|zip|індекс)\b\s*:?\s*\d
      | \bp\.?\s?o\.?\s?box\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
PERSON = re.compile(
    r"""(
        \b(?i:mr|mrs|ms|miss|dr|prof|col|gen|maj|capt|lt|sgt)\b\.?\s+[A-ZА-ЯІЇЄҐ]
      | (?:^|\s)(?i:пан|пані|полковник|генерал|майор|капітан|лейтенант|сержант)\s+[А-ЯІЇЄҐ]
      | \b(?i:contact|director|manager|ceo|commander|instructor|директор|керівник|командир|контакт)\b
            \s*:?\s+[A-ZА-ЯІЇЄҐ][a-zа-яіїєґ']+
      | (?<![\w.])[A-ZА-ЯІЇЄҐ]\.\s?(?:[A-ZА-ЯІЇЄҐ]\.\s?)?[A-ZА-ЯІЇЄҐ][a-zа-яіїєґ']{2,}  # J. Smith
      | [\w.+-]+@[\w-]+\.[\w.]+                              # an e-mail address
      | (?:\+|\b(?:tel|phone|тел)\b\.?:?\s*)\d[\d\s()-]{6,}\d      # a telephone number
    )""",
    re.VERBOSE,
)


def problem(text: str) -> str | None:
    """Why ``text`` cannot be kept in the register, or None when it may."""
    if not text:
        return None
    if COORDINATES.search(text):
        return _(
            "This looks like coordinates. The register records places at oblast or city level only: "
            "remove the coordinates."
        )
    if ADDRESS.search(text):
        return _(
            "This looks like a street address or postcode. The register records places at oblast or "
            "city level only: remove the address."
        )
    if PERSON.search(text):
        return _(
            "This looks like a person's name or contact details. The register holds no names of "
            "people: name the organisation only."
        )
    return None


def problems(data: dict, fields) -> dict[str, str]:
    """``{field: why}`` for each of ``fields`` in ``data`` whose text the register refuses."""
    found = {}
    for name in fields:
        value = data.get(name)
        if isinstance(value, str) and (why := problem(value)):
            found[name] = why
    return found
