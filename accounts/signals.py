from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User
from .sessions import session_start, sessions_end


@receiver(user_logged_in)
def _record_session(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        session_start(request=request, user=user)


@receiver(user_logged_out)
def _end_all_sessions(sender, request, user, **kwargs):
    if user is not None:
        sessions_end(user=user)


@receiver(post_save, sender=User)
def _end_sessions_of_deactivated(sender, instance, **kwargs):
    if not instance.is_active:
        sessions_end(user=instance)
