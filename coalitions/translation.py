"""The reference data names users read, in every language of the interface
(django-modeltranslation adds ``name_en`` and ``name_uk`` beside ``name``; reading ``name``
gives the active language's, falling back to English). SQL that reads names goes through
``coalitions.names.localized``."""

from modeltranslation.translator import TranslationOptions, register

from .models import Capability, Coalition, Country


@register(Country)
class CountryTranslation(TranslationOptions):
    fields = ("name",)


@register(Coalition)
class CoalitionTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Capability)
class CapabilityTranslation(TranslationOptions):
    fields = ("name",)
