"""TOTP second factor (django-otp). Demo users get a fixed secret, in demo mode only."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .selectors import mfa_required

IDP_MFA_SESSION_KEY = "mfa_by_identity_provider"


def is_mfa_satisfied(request) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_verified():
        return True
    if settings.OIDC_MFA_BY_PROVIDER and request.session.get(IDP_MFA_SESSION_KEY):
        return True
    return not mfa_required(user)


def confirmed_device(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device used during enrolment (created once, reused until confirmed)."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def verify_and_login(request, device: TOTPDevice, token: str) -> bool:
    token = "".join(ch for ch in (token or "") if ch.isdigit())
    if device.verify_token(token):
        otp_login(request, device)
        return True
    return False


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_svg(device: TOTPDevice) -> str:
    """The provisioning URI as an inline SVG QR code (no external service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()
