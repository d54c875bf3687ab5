"""Ukraine's regions at oblast level, the finest a venture's place is ever recorded at."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Oblast(models.TextChoices):
    """The 24 oblasts, Kyiv city, the Autonomous Republic of Crimea and Sevastopol (ISO 3166-2:UA)."""

    CHERKASY = "UA-71", _("Cherkasy Oblast")
    CHERNIHIV = "UA-74", _("Chernihiv Oblast")
    CHERNIVTSI = "UA-77", _("Chernivtsi Oblast")
    DNIPROPETROVSK = "UA-12", _("Dnipropetrovsk Oblast")
    DONETSK = "UA-14", _("Donetsk Oblast")
    IVANO_FRANKIVSK = "UA-26", _("Ivano-Frankivsk Oblast")
    KHARKIV = "UA-63", _("Kharkiv Oblast")
    KHERSON = "UA-65", _("Kherson Oblast")
    KHMELNYTSKYI = "UA-68", _("Khmelnytskyi Oblast")
    KIROVOHRAD = "UA-35", _("Kirovohrad Oblast")
    KYIV_OBLAST = "UA-32", _("Kyiv Oblast")
    LUHANSK = "UA-09", _("Luhansk Oblast")
    LVIV = "UA-46", _("Lviv Oblast")
    MYKOLAIV = "UA-48", _("Mykolaiv Oblast")
    ODESA = "UA-51", _("Odesa Oblast")
    POLTAVA = "UA-53", _("Poltava Oblast")
    RIVNE = "UA-56", _("Rivne Oblast")
    SUMY = "UA-59", _("Sumy Oblast")
    TERNOPIL = "UA-61", _("Ternopil Oblast")
    VINNYTSIA = "UA-05", _("Vinnytsia Oblast")
    VOLYN = "UA-07", _("Volyn Oblast")
    ZAKARPATTIA = "UA-21", _("Zakarpattia Oblast")
    ZAPORIZHZHIA = "UA-23", _("Zaporizhzhia Oblast")
    ZHYTOMYR = "UA-18", _("Zhytomyr Oblast")
    KYIV_CITY = "UA-30", _("Kyiv (city)")
    CRIMEA = "UA-43", _("Autonomous Republic of Crimea")
    SEVASTOPOL = "UA-40", _("Sevastopol (city)")
