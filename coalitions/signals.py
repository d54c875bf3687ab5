"""Keep guardian grants in step with countries and lead memberships."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Country, Membership
from .services import country_group_ensure, lead_access_sync


@receiver(post_save, sender=Country)
def country_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        country_group_ensure(country=instance)


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        lead_access_sync(country=instance.country, coalition=instance.coalition)
