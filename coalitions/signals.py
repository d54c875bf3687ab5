"""Keep guardian grants in step with countries and lead memberships."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Coalition, Country, Membership
from .services import country_group_ensure, lead_access_sync


@receiver(post_save, sender=Country)
def country_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        country_group_ensure(country=instance)


@receiver(pre_save, sender=Membership)
def membership_saving(sender, instance, raw=False, **kwargs):
    """Remember the country and coalition a membership held before this save."""
    if not raw and instance.pk:
        before = Membership.objects.filter(pk=instance.pk).values_list("country_id", "coalition_id").first()
        instance.held_before = before


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    lead_access_sync(country=instance.country, coalition=instance.coalition)
    before = getattr(instance, "held_before", None)
    if before and before != (instance.country_id, instance.coalition_id):  # moved: withdraw the old grant
        country_id, coalition_id = before
        lead_access_sync(
            country=Country.objects.get(pk=country_id), coalition=Coalition.objects.get(pk=coalition_id)
        )
