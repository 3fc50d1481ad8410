"""Tokens die with the credentials they were issued against.

Hooked on the user's save, not on one view: every password change goes through
set_password() and save() (the password page, the admin, password reset, `changepassword`,
services), and a deactivation is a save too. Code that deactivates with a queryset update()
bypasses signals and calls services.tokens_revoke_for_user itself (programme.services does).
"""

from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import User
from .services import tokens_revoke_for_user


@receiver(post_save, sender=User, dispatch_uid="accounts.revoke_tokens_on_credentials_change")
def revoke_tokens_on_credentials_change(sender, instance: User, created: bool, **kwargs):
    if created:
        return
    # set_password() keeps the new raw password in _password until save() has run; Django sets
    # it back to None itself for a mere hash upgrade at login, which is no password change.
    password_changed = getattr(instance, "_password", None) is not None
    if password_changed or not instance.is_active or not instance.has_usable_password():
        tokens_revoke_for_user(user_id=instance.pk)
