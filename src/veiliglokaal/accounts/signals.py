"""Authentication events go to the security log."""

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from veiliglokaal.audit.models import SecurityAction, SecurityResult
from veiliglokaal.audit.services import log_security


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    from . import backoff

    backoff.clear(user.get_username())
    log_security(SecurityAction.LOGIN, user=user, object_type="gebruiker", object_id=user.pk)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        log_security(SecurityAction.LOGOUT, user=user, object_type="gebruiker", object_id=user.pk)


def _known_user(username: str):
    """The account an attempt was aimed at, if it exists: its municipality's security log must show the attempt."""
    from .models import User

    user_id = User.objects.filter(username=username).values_list("pk", flat=True).first() if username else None
    return User(pk=user_id, username=username) if user_id else None


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    # The attempted username is recorded (BIO asks for the actor); the password never is.
    from . import backoff

    username = str(credentials.get("username", ""))[:150]
    waiting = getattr(request, "vl_backoff_wait", 0)
    if not waiting:
        backoff.record_failure(username)  # an attempt refused inside the delay does not make it longer
    log_security(SecurityAction.LOGIN_FAILED, result=SecurityResult.FAILURE, user=_known_user(username),
                 actor_name=username, object_type="gebruiker",
                 detail={"reden": "wachttijd", "seconden": waiting} if waiting else None)


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    username = str(username or "")[:150]
    log_security(SecurityAction.LOCKED_OUT, result=SecurityResult.DENIED, user=_known_user(username),
                 actor_name=username, object_type="gebruiker", origin=ip_address or "")
