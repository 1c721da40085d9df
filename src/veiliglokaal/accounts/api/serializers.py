"""Serializers of memberships and the caller. JSON property names are camelCase (NL API Design Rules)."""

from rest_framework import serializers

from veiliglokaal.accounts.models import Membership


class MembershipSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username")
    fullName = serializers.CharField(source="user.display_name")
    municipality = serializers.CharField(source="municipality.code")
    isActive = serializers.BooleanField(source="is_active")
    validUntil = serializers.DateField(source="valid_until", allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "username", "fullName", "municipality", "role", "isActive", "validUntil"]


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    fullName = serializers.CharField()
    municipality = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    scopes = serializers.ListField(child=serializers.CharField())
