"""The portal's reference data: countries, the eight capability coalitions, the catalogue.

Facts come from public sources (coalition announcements of the partner ministries and of
Ukraine's Ministry of Defence, summarised in the project's research notes). Member lists
name the countries the sources name; they are not always the full roster. The first
co-lead listed for a coalition is recorded as its lead, the others as co-leads.

Ukraine is recorded as the recipient country, not as a member: it does not report
commitments, and its usage reports belong to every coalition.

``reference_load()`` creates or updates all of it by natural keys (country code,
coalition slug, capability code, alias text), so it can run any number of times, and
keeps the names in English and Ukrainian current (``name_en``, ``name_uk``).
Saving through the models lets the signals create the country groups and the lead
countries' read grants.
"""

import datetime

from django.db import transaction
from django.utils import translation

from .models import (
    Capability,
    CapabilityAlias,
    Category,
    Coalition,
    Country,
    Membership,
    MembershipRole,
    Unit,
)

RECIPIENT = "UA"

# code -> (English name, Ukrainian name)
COUNTRY_NAMES = {
    "AU": ("Australia", "Австралія"),
    "BE": ("Belgium", "Бельгія"),
    "BG": ("Bulgaria", "Болгарія"),
    "CA": ("Canada", "Канада"),
    "CZ": ("Czechia", "Чехія"),
    "DE": ("Germany", "Німеччина"),
    "DK": ("Denmark", "Данія"),
    "EE": ("Estonia", "Естонія"),
    "ES": ("Spain", "Іспанія"),
    "FI": ("Finland", "Фінляндія"),
    "FR": ("France", "Франція"),
    "GB": ("United Kingdom", "Велика Британія"),
    "GR": ("Greece", "Греція"),
    "IS": ("Iceland", "Ісландія"),
    "IT": ("Italy", "Італія"),
    "LT": ("Lithuania", "Литва"),
    "LU": ("Luxembourg", "Люксембург"),
    "LV": ("Latvia", "Латвія"),
    "NL": ("Netherlands", "Нідерланди"),
    "NO": ("Norway", "Норвегія"),
    "NZ": ("New Zealand", "Нова Зеландія"),
    "PL": ("Poland", "Польща"),
    "PT": ("Portugal", "Португалія"),
    "RO": ("Romania", "Румунія"),
    "SE": ("Sweden", "Швеція"),
    "SI": ("Slovenia", "Словенія"),
    "TR": ("Türkiye", "Туреччина"),
    "UA": ("Ukraine", "Україна"),
    "US": ("United States", "Сполучені Штати Америки"),
}

# slug, name (English, Ukrainian), co-leads (first one leads), launched on, description (English,
# Ukrainian), other members named by sources
COALITIONS = [
    {
        "slug": "air-force",
        "name": "Air Force Capability Coalition",
        "name_uk": "Коаліція спроможностей Повітряних сил",
        "leads": ("US", "DK", "NL"),
        "launched_on": datetime.date(2023, 10, 11),
        "description": (
            "Builds Ukraine's future air force around F-16 fighters: aircraft, spare parts, "
            "munitions, pilot and technician training. Announced on 11 October 2023 at the "
            "16th Ukraine Defense Contact Group meeting in Brussels; grew out of the F-16 "
            "training coalition of July 2023."
        ),
        "description_uk": (
            "Розбудовує майбутні Повітряні сили України навколо винищувачів F-16: літаки, "
            "запасні частини, засоби ураження, підготовка пілотів і техніків. Оголошена 11 "
            "жовтня 2023 року на 16-му засіданні Контактної групи з питань оборони України в "
            "Брюсселі; виросла з коаліції з підготовки на F-16, створеної в липні 2023 року."
        ),
        "members": ("BE", "CA", "LU", "NO", "PL", "PT", "RO", "SE", "GB"),
    },
    {
        "slug": "iamd",
        "name": "Integrated Air and Missile Defence Coalition",
        "name_uk": "Коаліція ППО/ПРО (інтегрованої протиповітряної та протиракетної оборони)",
        "leads": ("DE", "FR"),
        "launched_on": datetime.date(2024, 2, 14),
        "description": (
            "Interceptors, launchers and radars for a layered air and missile defence. Kick-off "
            "conference on 22 November 2023; letter of intent signed by 15 countries on "
            "14 February 2024 at the 19th Ukraine Defense Contact Group meeting in Brussels. "
            "The United States chairs a task group."
        ),
        "description_uk": (
            "Ракети-перехоплювачі, пускові установки та радари для ешелонованої "
            "протиповітряної та протиракетної оборони. Установча конференція 22 листопада "
            "2023 року; лист про наміри підписали 15 країн 14 лютого 2024 року на 19-му "
            "засіданні Контактної групи з питань оборони України в Брюсселі. Сполучені Штати "
            "Америки очолюють робочу групу."
        ),
        "members": ("US", "BG", "CZ", "DK", "GR", "LT", "NL", "NO", "SI", "ES", "GB", "BE"),
    },
    {
        "slug": "artillery",
        "name": "Artillery Capability Coalition",
        "name_uk": "Коаліція артилерійських спроможностей",
        "leads": ("FR", "US"),
        "launched_on": datetime.date(2024, 1, 18),
        "description": (
            "Artillery systems, shells, spare barrels and their maintenance. Inaugural meeting "
            "in Paris on 18 January 2024, attended by 23 countries; 14 members and Ukraine by "
            "January 2025, of which sources name only a few."
        ),
        "description_uk": (
            "Артилерійські системи, снаряди, запасні стволи та їх технічне обслуговування. "
            "Перше засідання відбулося в Парижі 18 січня 2024 року за участі 23 країн; станом "
            "на січень 2025 року — 14 членів і Україна, з яких джерела називають лише деяких."
        ),
        "members": ("LU", "BE", "FI"),
    },
    {
        "slug": "armour",
        "name": "Armoured Vehicles (Armour and Manoeuvrability) Coalition",
        "name_uk": "Коаліція бронетехніки (броня та маневреність)",
        "leads": ("PL", "DE"),
        "launched_on": datetime.date(2024, 3, 26),
        "description": (
            "Tanks, infantry fighting vehicles, armoured personnel carriers, their spare parts "
            "and repair. Initiated in January 2024 at the 18th Ukraine Defense Contact Group "
            "meeting; first meeting in Warsaw on 26 March 2024 (15 countries including Ukraine "
            "by April 2024)."
        ),
        "description_uk": (
            "Танки, бойові машини піхоти, бронетранспортери, запасні частини до них і ремонт. "
            "Ініційована в січні 2024 року на 18-му засіданні Контактної групи з питань "
            "оборони України; перше засідання у Варшаві 26 березня 2024 року (15 країн разом "
            "з Україною станом на квітень 2024 року)."
        ),
        "members": ("IT", "GB", "SE", "FI"),
    },
    {
        "slug": "maritime",
        "name": "Maritime Capability Coalition",
        "name_uk": "Коаліція морських спроможностей",
        "leads": ("GB", "NO"),
        "launched_on": datetime.date(2023, 12, 11),
        "description": (
            "Boats, mine countermeasure vessels and naval drones to secure the Black Sea and "
            "Ukraine's rivers. Launch ceremony in London on 11 December 2023; 19 members "
            "including Ukraine by January 2025, Finland joined in November 2025."
        ),
        "description_uk": (
            "Катери, протимінні кораблі та морські дрони для безпеки в Чорному морі та на "
            "річках України. Урочистий старт у Лондоні 11 грудня 2023 року; 19 членів разом з "
            "Україною станом на січень 2025 року, Фінляндія приєдналася в листопаді 2025 "
            "року."
        ),
        "members": (
            "BE",
            "BG",
            "GR",
            "DK",
            "EE",
            "ES",
            "IT",
            "NL",
            "DE",
            "US",
            "FR",
            "SE",
            "PT",
            "PL",
            "RO",
            "TR",
            "FI",
        ),
    },
    {
        "slug": "it",
        "name": "IT Coalition",
        "name_uk": "ІТ-коаліція",
        "leads": ("EE", "LU"),
        "launched_on": datetime.date(2023, 9, 19),
        "description": (
            "IT equipment, secure communications, software and cyber defence. Intent announced "
            "on 15 June 2023, kick-off at the 15th Ukraine Defense Contact Group meeting on "
            "19 September 2023, cooperation agreement signed in February 2024."
        ),
        "description_uk": (
            "ІТ-обладнання, захищений зв’язок, програмне забезпечення та кіберзахист. Намір "
            "оголошено 15 червня 2023 року, старт — на 15-му засіданні Контактної групи з "
            "питань оборони України 19 вересня 2023 року, угоду про співпрацю підписано в "
            "лютому 2024 року."
        ),
        "members": ("BE", "DK", "IS", "IT", "LV", "LT", "NL", "GB", "FI"),
    },
    {
        "slug": "demining",
        "name": "Demining (Mine Action) Capability Coalition",
        "name_uk": "Коаліція з розмінування (протимінної діяльності)",
        "leads": ("LT", "IS"),
        "launched_on": datetime.date(2024, 2, 14),
        "description": (
            "Demining machines, detectors, protective equipment and deminer training. "
            "Initiated on 18 July 2023; declaration of intent signed in Brussels on "
            "14 February 2024, memorandum of understanding in July 2024 (about 20 countries; "
            "the member list is not public)."
        ),
        "description_uk": (
            "Машини для розмінування, міношукачі, засоби захисту та підготовка саперів. "
            "Ініційована 18 липня 2023 року; декларацію про наміри підписано в Брюсселі 14 "
            "лютого 2024 року, меморандум про взаєморозуміння — у липні 2024 року (близько 20 "
            "країн; список членів не оприлюднено)."
        ),
        "members": (),
    },
    {
        "slug": "drone",
        "name": "Drone Coalition",
        "name_uk": "Коаліція дронів",
        "leads": ("LV", "GB"),
        "launched_on": datetime.date(2024, 2, 14),
        "description": (
            "FPV, reconnaissance and long-range strike drones, electronic warfare and "
            "components, much of it produced in Ukraine. Founded by Latvia and Ukraine in "
            "January 2024; letter of intent at the 19th Ukraine Defense Contact Group meeting "
            "on 14 February 2024."
        ),
        "description_uk": (
            "FPV-дрони, розвідувальні та ударні дрони великої дальності, засоби "
            "радіоелектронної боротьби та компоненти, значною мірою виготовлені в Україні. "
            "Заснована Латвією та Україною в січні 2024 року; лист про наміри підписано на "
            "19-му засіданні Контактної групи з питань оборони України 14 лютого 2024 року."
        ),
        "members": (
            "AU",
            "CZ",
            "DK",
            "FR",
            "EE",
            "IT",
            "NZ",
            "CA",
            "LT",
            "LU",
            "NL",
            "NO",
            "PL",
            "DE",
            "SE",
            "BE",
            "TR",
        ),
    },
]

AMMO, WEAPON, PARTS, SENSOR, VEHICLE, TRAINING, REPAIR, OTHER = (
    Category.AMMUNITION,
    Category.WEAPON_SYSTEMS,
    Category.COMPONENTS,
    Category.SENSORS,
    Category.VEHICLES,
    Category.TRAINING,
    Category.MAINTENANCE,
    Category.OTHER,
)

# coalition slug -> [(code, English name, Ukrainian name, category, unit)]
CAPABILITIES = {
    "artillery": [
        ("art-shell-155", "155 mm artillery shells", "155-мм артилерійські снаряди", AMMO, Unit.ROUNDS),
        (
            "art-shell-155-guided",
            "155 mm precision-guided shells",
            "155-мм високоточні керовані снаряди",
            AMMO,
            Unit.ROUNDS,
        ),
        ("art-shell-105", "105 mm artillery shells", "105-мм артилерійські снаряди", AMMO, Unit.ROUNDS),
        ("art-mortar-120", "120 mm mortar rounds", "120-мм мінометні міни", AMMO, Unit.ROUNDS),
        ("art-mlrs-rocket", "Guided MLRS rockets", "Керовані ракети для РСЗВ", AMMO, Unit.ROUNDS),
        ("art-spg-155", "155 mm self-propelled howitzers", "155-мм самохідні гаубиці", WEAPON, Unit.SYSTEMS),
        ("art-towed-155", "155 mm towed howitzers", "155-мм буксировані гаубиці", WEAPON, Unit.SYSTEMS),
        ("art-towed-105", "105 mm towed howitzers", "105-мм буксировані гаубиці", WEAPON, Unit.SYSTEMS),
        (
            "art-mlrs",
            "Multiple launch rocket systems",
            "Реактивні системи залпового вогню",
            WEAPON,
            Unit.SYSTEMS,
        ),
        (
            "art-barrel-155",
            "Spare barrels for 155 mm howitzers",
            "Запасні стволи для 155-мм гаубиць",
            PARTS,
            Unit.PIECES,
        ),
        ("art-cb-radar", "Counter-battery radars", "Контрбатарейні радари", SENSOR, Unit.SYSTEMS),
        (
            "art-repair",
            "Howitzer maintenance and repair",
            "Технічне обслуговування та ремонт гаубиць",
            REPAIR,
            Unit.SYSTEMS,
        ),
        (
            "art-crew-training",
            "Artillery crew training",
            "Підготовка артилерійських розрахунків",
            TRAINING,
            Unit.PERSONS,
        ),
    ],
    "air-force": [
        ("af-f16", "F-16 fighter aircraft", "Винищувачі F-16", WEAPON, Unit.PIECES),
        ("af-munitions", "Air-launched munitions", "Авіаційні засоби ураження", AMMO, Unit.PIECES),
        (
            "af-spares",
            "Aircraft spare parts packages",
            "Комплекти запасних частин до літаків",
            PARTS,
            Unit.SETS,
        ),
        (
            "af-ground-support",
            "Ground support equipment",
            "Обладнання наземного забезпечення",
            OTHER,
            Unit.SETS,
        ),
        (
            "af-maintenance",
            "Aircraft maintenance and repair",
            "Технічне обслуговування та ремонт літаків",
            REPAIR,
            Unit.PIECES,
        ),
        ("af-pilot-training", "F-16 pilot training", "Підготовка пілотів F-16", TRAINING, Unit.PERSONS),
        (
            "af-technician-training",
            "Aircraft technician training",
            "Підготовка авіаційних техніків",
            TRAINING,
            Unit.PERSONS,
        ),
    ],
    "iamd": [
        (
            "ad-patriot-interceptor",
            "Patriot interceptor missiles",
            "Ракети-перехоплювачі Patriot",
            AMMO,
            Unit.PIECES,
        ),
        (
            "ad-iris-t-interceptor",
            "IRIS-T SLM interceptor missiles",
            "Ракети-перехоплювачі IRIS-T SLM",
            AMMO,
            Unit.PIECES,
        ),
        (
            "ad-nasams-interceptor",
            "NASAMS interceptor missiles (AMRAAM)",
            "Ракети-перехоплювачі NASAMS (AMRAAM)",
            AMMO,
            Unit.PIECES,
        ),
        (
            "ad-manpads-missile",
            "Man-portable air defence missiles",
            "Ракети до переносних зенітних ракетних комплексів",
            AMMO,
            Unit.PIECES,
        ),
        ("ad-shorad-ammo", "35 mm anti-aircraft ammunition", "35-мм зенітні боєприпаси", AMMO, Unit.ROUNDS),
        ("ad-patriot-launcher", "Patriot launchers", "Пускові установки Patriot", WEAPON, Unit.SYSTEMS),
        ("ad-iris-t-unit", "IRIS-T SLM fire units", "Вогневі одиниці IRIS-T SLM", WEAPON, Unit.SYSTEMS),
        ("ad-nasams-unit", "NASAMS fire units", "Вогневі одиниці NASAMS", WEAPON, Unit.SYSTEMS),
        (
            "ad-shorad",
            "Short-range air defence guns (Gepard, Skynex)",
            "Зенітні артилерійські установки ближньої дії (Gepard, Skynex)",
            WEAPON,
            Unit.SYSTEMS,
        ),
        ("ad-radar", "Air surveillance radars", "Радари огляду повітряного простору", SENSOR, Unit.SYSTEMS),
        (
            "ad-crew-training",
            "Air defence crew training",
            "Підготовка розрахунків ППО",
            TRAINING,
            Unit.PERSONS,
        ),
    ],
    "armour": [
        ("arm-mbt", "Main battle tanks", "Основні бойові танки", VEHICLE, Unit.PIECES),
        ("arm-ifv", "Infantry fighting vehicles", "Бойові машини піхоти", VEHICLE, Unit.PIECES),
        ("arm-apc", "Armoured personnel carriers", "Бронетранспортери", VEHICLE, Unit.PIECES),
        (
            "arm-mrap",
            "Protected mobility vehicles (MRAP)",
            "Машини захищеної мобільності (MRAP)",
            VEHICLE,
            Unit.PIECES,
        ),
        (
            "arm-recovery",
            "Armoured recovery vehicles",
            "Броньовані ремонтно-евакуаційні машини",
            VEHICLE,
            Unit.PIECES,
        ),
        ("arm-tank-ammo", "120 mm tank ammunition", "120-мм танкові боєприпаси", AMMO, Unit.ROUNDS),
        (
            "arm-spares",
            "Armoured vehicle spare parts packages",
            "Комплекти запасних частин до бронетехніки",
            PARTS,
            Unit.SETS,
        ),
        ("arm-repair", "Armoured vehicle repair", "Ремонт бронетехніки", REPAIR, Unit.PIECES),
        (
            "arm-crew-training",
            "Tank and IFV crew training",
            "Підготовка екіпажів танків і БМП",
            TRAINING,
            Unit.PERSONS,
        ),
    ],
    "maritime": [
        (
            "mar-patrol-boat",
            "Coastal and riverine patrol boats",
            "Прибережні та річкові патрульні катери",
            VEHICLE,
            Unit.PIECES,
        ),
        ("mar-mcmv", "Mine countermeasure vessels", "Протимінні кораблі", VEHICLE, Unit.PIECES),
        (
            "mar-usv",
            "Naval drones (unmanned surface vessels)",
            "Морські дрони (безекіпажні надводні апарати)",
            WEAPON,
            Unit.PIECES,
        ),
        ("mar-uuv", "Underwater mine-hunting drones", "Підводні дрони для пошуку мін", SENSOR, Unit.PIECES),
        ("mar-coastal-missile", "Coastal defence missiles", "Ракети берегової оборони", AMMO, Unit.PIECES),
        (
            "mar-boat-repair",
            "Boat maintenance and repair",
            "Технічне обслуговування та ремонт катерів",
            REPAIR,
            Unit.PIECES,
        ),
        (
            "mar-crew-training",
            "Naval crew training",
            "Підготовка корабельних екіпажів",
            TRAINING,
            Unit.PERSONS,
        ),
    ],
    "it": [
        ("it-laptop", "Laptops and rugged tablets", "Ноутбуки та захищені планшети", OTHER, Unit.PIECES),
        (
            "it-server",
            "Servers and data centre equipment",
            "Сервери та обладнання центрів обробки даних",
            OTHER,
            Unit.SYSTEMS,
        ),
        (
            "it-secure-comms",
            "Secure tactical communications systems",
            "Захищені системи тактичного зв’язку",
            OTHER,
            Unit.SYSTEMS,
        ),
        (
            "it-satcom-terminal",
            "Satellite communication terminals",
            "Термінали супутникового зв’язку",
            OTHER,
            Unit.PIECES,
        ),
        ("it-software", "Software licences", "Ліцензії на програмне забезпечення", OTHER, Unit.SETS),
        ("it-cyber-training", "Cyber defence training", "Підготовка з кіберзахисту", TRAINING, Unit.PERSONS),
    ],
    "demining": [
        (
            "dm-machine",
            "Mechanical demining machines",
            "Машини механізованого розмінування",
            VEHICLE,
            Unit.PIECES,
        ),
        ("dm-detector", "Mine detectors", "Міношукачі", SENSOR, Unit.PIECES),
        (
            "dm-survey-drone",
            "Mine survey drones",
            "Дрони для обстеження мінної небезпеки",
            SENSOR,
            Unit.PIECES,
        ),
        ("dm-charge", "Demolition charges", "Підривні заряди", AMMO, Unit.PIECES),
        ("dm-protective-kit", "Deminer protective kits", "Захисні комплекти саперів", OTHER, Unit.SETS),
        ("dm-training", "Deminer training", "Підготовка саперів", TRAINING, Unit.PERSONS),
    ],
    "drone": [
        ("dr-fpv", "FPV drones", "FPV-дрони", WEAPON, Unit.PIECES),
        ("dr-long-range", "Long-range strike drones", "Ударні дрони великої дальності", WEAPON, Unit.PIECES),
        ("dr-loitering", "Loitering munitions", "Баражувальні боєприпаси", WEAPON, Unit.PIECES),
        ("dr-recon", "Reconnaissance UAVs", "Розвідувальні БпЛА", SENSOR, Unit.SYSTEMS),
        ("dr-ew", "Electronic warfare systems", "Системи радіоелектронної боротьби", SENSOR, Unit.SYSTEMS),
        ("dr-counter-uas", "Counter-drone systems", "Системи протидії дронам", WEAPON, Unit.SYSTEMS),
        (
            "dr-components",
            "Drone components (motors, cameras, batteries)",
            "Компоненти дронів (двигуни, камери, акумулятори)",
            PARTS,
            Unit.SETS,
        ),
        (
            "dr-operator-training",
            "Drone operator training",
            "Підготовка операторів дронів",
            TRAINING,
            Unit.PERSONS,
        ),
    ],
}

# capability code -> item names as the Kiel Institute's Ukraine Support Tracker writes them
# (most frequent military items), plus common spellings. Each text appears once ignoring case,
# so an importer may match them case-insensitively.
ALIASES = {
    "art-shell-155": (
        "155mm artillery round",
        "155mm artillery ammunition",
        "155 mm artillery rounds",
        "Artillery shells (155mm)",
        "Round of ammunition for 155mm howitzer",
        "round of ammunition for M777 howitzer",
        "155mm smoke ammunition",
    ),
    "art-shell-155-guided": ("precision-guided 155mm artillery round",),
    "art-shell-105": ("105mm artillery round",),
    "art-mortar-120": ("120mm mortar round",),
    "art-mlrs-rocket": ("ammunition for HIMARS", "Precision-guided rocket", "Ammunition for MARS II"),
    "art-spg-155": (
        "Panzerhaubitze 2000",
        "CAESAR artillery howitzer",
        "M109 A3GM 155mm howitzer",
        "AHS Krab self-propelled howitzer",
        "Zusana-2 howitzer",
        "AS-90 howitzer",
        "RCH-155 self propelled howitzer",
    ),
    "art-towed-155": ("M777 howitzer", "155mm howitzer", "FH70 155mm howitzer", "M114 155mm Howitzer"),
    "art-towed-105": ("105mm howitzer", "L119 105mm howitzer", "M101 105mm howitzer"),
    "art-mlrs": ("HIMARS 142 multiple rocket launcher", "M270 weapon system", "Mars II"),
    "art-barrel-155": ("replacement barrels for M777 howitzer",),
    "art-cb-radar": (
        "Hughes AN/TPQ-36 Firefinder weapon locating system",
        "counter artillery radar",
        "counter battery radar system COBRA",
        "ARTHUR artillery reconnaissance radar",
        "counter-mortar radar",
        "artillery radar",
    ),
    "ad-patriot-interceptor": ("Patriot air defense munition",),
    "ad-patriot-launcher": ("Patriot air defense battery",),
    "ad-iris-t-interceptor": ("Iris-T SLM missile",),
    "ad-iris-t-unit": ("Iris-T SLM air defence system",),
    "ad-nasams-interceptor": ("munitions for NASAMS", "AMRAAM rockets (for NASAMS)"),
    "ad-nasams-unit": ("National Advanced Surface-to-Air Missile System (NASAMS)", "NASAMS launcher"),
    "ad-manpads-missile": ("Stinger missile",),
    "ad-shorad": ("Gepard rapid-fire armored vehicle",),
    "ad-shorad-ammo": ("Gepard ammunition", "Gepard ammunition round"),
    "ad-radar": ("Air-surveillance radar US", "AN/MPQ-64 Sentinel air surveillance radar"),
    "arm-mbt": ("Leopard-2A4", "Leopard-2A6", "Leopard-1A5", "Modified T-72 tank (T-72A/T-72M1/M1R)"),
    "arm-ifv": ("Bradley infantry fighting vehicle", "infantry fighting vehicle MARDER", "BMP-1"),
    "arm-apc": ("M113 armored personnel carrier", "Stryker Armored Personnel Carrier"),
    "arm-mrap": (
        "MaxxPro Mine Resistant Ambush Protected Vehicles",
        "Bushmaster Protected Mobility Vehicles",
    ),
    "arm-recovery": ("Bergepanzer 2",),
    "arm-tank-ammo": ("120mm tank ammunition",),
    "arm-spares": ("spare parts for tanks and Armored vehicles",),
    "mar-patrol-boat": ("Coastal and riverine patrol boat", "Mark VI Patrol boat"),
    "mar-mcmv": ("minesweeper",),
    "mar-usv": ("unmanned surface vessel",),
    "mar-uuv": ("Unspecified undersea minehunter drones",),
    "it-secure-comms": ("Tactical secure communications system",),
    "it-satcom-terminal": ("satellite communications antenna",),
    "dm-machine": ("Mine clearing equipment", "Demining Equipment", "Bozena 5 Mine Clearing System"),
    "dm-detector": ("mine detector",),
    "dm-protective-kit": ("demining set",),
    "dr-loitering": ("Switchblade 600 UAS", "Phoenix Ghost tactical unmanned aerial system"),
    "dr-recon": (
        "reconnaissance drone",
        "Puma unmanned aerial system",
        "Black Hornet drone",
        "Scan Eagle Unmanned Aerial Systems",
    ),
    "dr-counter-uas": ("Counter-unmanned aerial system", "drone detection system"),
    "dr-components": ("High-Resolution Drone Camera", "Spare part package for reconnaissance drone"),
}


def coalition_roles(spec):
    """(country code, membership role) of every partner the reference names for a coalition."""
    lead, *co_leads = spec["leads"]
    return (
        [(lead, MembershipRole.LEAD)]
        + [(code, MembershipRole.CO_LEAD) for code in co_leads]
        + [(code, MembershipRole.MEMBER) for code in spec["members"]]
    )


def names(english, ukrainian, field="name"):
    """The values of a translated field: the field itself keeps the English text."""
    return {field: english, f"{field}_en": english, f"{field}_uk": ukrainian}


@transaction.atomic
@translation.override("en")  # what the untranslated ``name`` column holds
def reference_load():
    """Create or update the reference data in both languages; return how many rows of each
    kind it holds."""
    countries = {
        code: Country.objects.update_or_create(
            code=code, defaults=names(name, name_uk) | {"is_recipient": code == RECIPIENT}
        )[0]
        for code, (name, name_uk) in COUNTRY_NAMES.items()
    }
    capabilities = {}
    for spec in COALITIONS:
        coalition = _coalition_load(spec, countries)
        for code, name, name_uk, category, unit in CAPABILITIES[spec["slug"]]:
            capabilities[code] = Capability.objects.update_or_create(
                code=code,
                defaults=names(name, name_uk) | {"coalition": coalition, "category": category, "unit": unit},
            )[0]
    for code, texts in ALIASES.items():
        for text in texts:
            CapabilityAlias.objects.update_or_create(text=text, defaults={"capability": capabilities[code]})
    return {"countries": len(countries), "coalitions": len(COALITIONS), "capabilities": len(capabilities)}


def _coalition_load(spec, countries):
    coalition = Coalition.objects.update_or_create(
        slug=spec["slug"],
        defaults=names(spec["name"], spec["name_uk"])
        | names(spec["description"], spec["description_uk"], field="description")
        | {"launched_on": spec["launched_on"]},
    )[0]
    for code, role in coalition_roles(spec):
        joined_on = spec["launched_on"] if role != MembershipRole.MEMBER else None
        Membership.objects.update_or_create(
            coalition=coalition, country=countries[code], defaults={"role": role, "joined_on": joined_on}
        )
    return coalition
